/**
 * Scroll since EuclidV2: batches no longer reveal their L1 message counts on L1 (delayed_messages_read
 * is null), so forced messages count as included at the first finalization whose
 * totalL1MessagePopped exceeds their queue index. Expected values by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing.ts';
import { refreshRollupSnapshot } from '../metrics/snapshot.ts';
import { scroll } from '../rollups/scroll.ts';
import { batchRow, forcedRow, rootRow, startTestApi, writeAll, type TestApi } from './testkit.ts';

const ID = 'scroll-euclid';
const T0 = 1_750_000_000;
const definition = { ...scroll, id: ID, name: 'Scroll (EuclidV2 facts)', l1ChainId: 31_337, startBlock: 0 };

describe('Scroll forced messages included by finalizations', () => {
  let t: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    t = await createTestDatabase();
    api = await startTestApi(t.db, [definition], { now: T0 + 5_000 });
    await writeAll(t.db, {
      // Messages 0..3 enqueued at T0 + 10·i.
      forced: [0, 1, 2, 3].map((i) => forcedRow(ID, { block: 100 + i, time: T0 + 10 * i, log: 1 }, { queueIndex: String(i), kind: 'L1_MESSAGE', deadline: T0 + 10 * i + 604_800, windowSeconds: 604_800 })),
      // Commits after EuclidV2: no message counts.
      batches: [0, 1].map((k) => batchRow(ID, { block: 200 + k, time: T0 + 600 + 60 * k }, { batchNumber: String(10 + k), delayedMessagesRead: null })),
      roots: [
        // Finalization of batch 10 reports 2 messages processed; of batch 11, 3.
        rootRow(ID, { block: 300, time: T0 + 2_000, log: 0 }, { kind: 'ZK_EXECUTE', rootIndex: '10', root: `0x${'ab'.repeat(32)}`, extra: { totalL1MessagePopped: '2' } }),
        rootRow(ID, { block: 301, time: T0 + 3_000, log: 0 }, { kind: 'ZK_EXECUTE', rootIndex: '11', root: `0x${'cd'.repeat(32)}`, extra: { totalL1MessagePopped: '3' } }),
      ],
    });
    await refreshRollupSnapshot(t.db, ID, { now: T0 + 5_000 });
  });
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  it('takes inclusion times and the queue depth from the finalizations', async () => {
    const r = await api.gql(
      `query($id: ID!) { rollup(id: $id) {
        censorship { queueDepth processedCount }
        forcedMessages(first: 10, order: OLDEST_FIRST) { nodes { queueIndex included includedAt inclusionLatencySeconds } }
      } }`,
      { id: ID },
    );
    expect(r.errors).toBeUndefined();
    const nodes = r.data.rollup.forcedMessages.nodes;
    expect(nodes.map((n: any) => [n.queueIndex, n.included, n.includedAt && Date.parse(n.includedAt) / 1000, n.inclusionLatencySeconds])).toEqual([
      ['0', true, T0 + 2_000, 2_000],
      ['1', true, T0 + 2_000, 1_990],
      ['2', true, T0 + 3_000, 2_980],
      ['3', false, null, null],
    ]);
    expect(r.data.rollup.censorship.queueDepth).toBe(1);
    expect(String(r.data.rollup.censorship.processedCount)).toBe('3');
  });
});
