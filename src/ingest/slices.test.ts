/** decodeInSlices: slices in order, and the event loop turns between them (other jobs' I/O is served). */
import { describe, expect, it } from 'vitest';
import { decodeInSlices, sliceBounds, viewOf } from './slices.ts';
import { emptyFacts, type RawLog, type SourceBatch, type StackIndexer } from '../stacks/types.ts';
import type { RollupDefinition } from '../rollups/types.ts';

const CUT = '0x' + 'aa'.repeat(32);
const log = (i: number): RawLog => ({ topics: [i % 3 === 0 ? CUT : '0x' + 'bb'.repeat(32)], logIndex: i } as unknown as RawLog);

describe('decodeInSlices', () => {
  it('decodes every log once, in order, and lets timers and I/O run between slices', async () => {
    const logs = Array.from({ length: 30 }, (_, i) => log(i));
    const seen: number[] = [];
    const events: string[] = [];
    const stack = {
      decode: async (_r: unknown, batch: SourceBatch) => {
        events.push(`slice ${batch.logs.length}`);
        for (const l of batch.logs) seen.push((l as unknown as { logIndex: number }).logIndex);
        return emptyFacts();
      },
    } as unknown as StackIndexer<RollupDefinition>;
    const batch = { source: { kind: 'logs', sliceBefore: [CUT] }, logs, fromBlock: 1, toBlock: 1 } as unknown as SourceBatch;
    setImmediate(() => events.push('immediate'));
    let slices = 0;
    for await (const facts of decodeInSlices(stack, {} as RollupDefinition, batch, viewOf(logs), {} as never, 5)) {
      expect(facts).toBeDefined();
      slices++;
    }
    expect(seen).toEqual(logs.map((_, i) => i));
    expect(slices).toBe(sliceBounds(30, 5, (i) => i % 3 === 0).length);
    expect(slices).toBeGreaterThan(2);
    // The immediate queued before decoding ran after the first slice, not after the last.
    expect(events.indexOf('immediate')).toBe(1);
  });
});
