/**
 * Test helper: the reference tables of /work/shared/reference/events.md (override with
 * ROLLSCOPE_EVENTS_MD), parsed — never copied by hand.
 *   referenceEventsMd() => string | undefined        (undefined when the file is absent)
 *   parseReferenceEvents(md) => Map<canonicalSignature, topic0>
 *   parseReferenceSelectors(md) => { contract, fn, selector }[]
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Hex } from '../../rollups/types.ts';
import { EVENTS_MD } from '../../testing/reference.ts';

export { EVENTS_MD };

export function referenceEventsMd(): string | undefined {
  return existsSync(EVENTS_MD) ? readFileSync(EVENTS_MD, 'utf8') : undefined;
}

const cells = (line: string) => line.split('|').slice(1, -1).map((c) => c.trim().replace(/^`|`$/g, ''));

/** Rows `| Contract | Event | Canonical signature | topic0 |` of every table. */
export function parseReferenceEvents(md: string): Map<string, Hex> {
  const out = new Map<string, Hex>();
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) continue;
    const c = cells(line);
    if (c.length < 4) continue;
    const sig = c[2]!;
    const topic = c[3]!;
    if (/^[A-Za-z_]\w*\(.*\)$/.test(sig) && /^0x[0-9a-f]{64}$/.test(topic)) out.set(sig, topic as Hex);
  }
  return out;
}

/** Rows `| Contract | Function | selector |` of the selectors table. */
export function parseReferenceSelectors(md: string): { contract: string; fn: string; selector: Hex }[] {
  const out: { contract: string; fn: string; selector: Hex }[] = [];
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) continue;
    const c = cells(line);
    if (c.length !== 3 || !/^0x[0-9a-f]{8}$/.test(c[2]!)) continue;
    out.push({ contract: c[0]!, fn: c[1]!, selector: c[2] as Hex });
  }
  return out;
}
