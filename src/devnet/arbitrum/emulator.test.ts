/**
 * The Arbitrum emulator contracts speak mainnet: every event they declare has the canonical
 * signature and topic0 listed in events.md, and every Arbitrum function of the selectors table
 * exists in the emulator ABI with that selector.
 */
import { describe, expect, it } from 'vitest';
import { toEventSelector, toEventSignature, toFunctionSelector, type AbiEvent, type AbiFunction } from 'viem';
import { loadArtifact } from '../compile.ts';
import { parseReferenceEvents, parseReferenceSelectors, referenceEventsMd } from '../testing/reference.ts';

const md = referenceEventsMd();
const contracts = ['Bridge', 'SequencerInbox', 'Inbox', 'Outbox', 'LegacyRollup', 'ChallengeManager', 'BoldRollup', 'EdgeChallengeManager', 'ArbSys'];
const canonical = (e: AbiEvent) => toEventSignature(e);

describe.skipIf(!md)('Arbitrum emulator ABIs vs events.md', () => {
  it('declares only events listed in events.md, with the same topic0', () => {
    const ref = parseReferenceEvents(md!);
    expect(ref.size).toBeGreaterThan(100);
    let n = 0;
    for (const name of contracts) {
      for (const item of loadArtifact(name).abi) {
        if (item.type !== 'event') continue;
        const sig = canonical(item);
        expect(ref.get(sig), `${name}.${sig} not in events.md`).toBeDefined();
        expect(toEventSelector(item)).toBe(ref.get(sig));
        n++;
      }
    }
    expect(n).toBeGreaterThanOrEqual(35);
  });

  it('exposes every Arbitrum function of the selectors table with the mainnet selector', () => {
    const rows = parseReferenceSelectors(md!).filter((r) => ['SequencerInbox', 'Inbox', 'Outbox', 'Rollup (legacy)', 'Rollup (BoLD)'].includes(r.contract));
    const wanted: Record<string, string[]> = {
      SequencerInbox: ['SequencerInbox'], Inbox: ['Inbox'], Outbox: ['Outbox'], 'Rollup (legacy)': ['LegacyRollup'], 'Rollup (BoLD)': ['BoldRollup'],
    };
    // Variants the emulator does not implement (historical overload, delay-buffer proofs).
    const notEmulated = new Set(['0x6f12b0c9', '0x69cacded', '0x917cf8ac', '0x6e620055']);
    let checked = 0;
    for (const r of rows) {
      if (notEmulated.has(r.selector)) continue;
      const name = r.fn.split('(')[0]!.trim();
      const fns = wanted[r.contract]!.flatMap((c) => loadArtifact(c).abi.filter((x): x is AbiFunction => x.type === 'function' && x.name === name));
      const selectors = fns.map((f) => toFunctionSelector(f));
      expect(selectors, `${r.contract} ${r.fn}`).toContain(r.selector);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(17);
  });

  it('uses the key batch selectors', () => {
    const si = loadArtifact('SequencerInbox').abi.filter((x): x is AbiFunction => x.type === 'function').map((f) => toFunctionSelector(f));
    expect(si).toEqual(expect.arrayContaining(['0x8f111f3c', '0x3e5aa082', '0xe0bc9729', '0xf1981578']));
  });
});
