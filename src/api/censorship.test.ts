/**
 * Censorship over HTTP on real Postgres: the sequencer keeps posting batches but stops reading the
 * delayed inbox; the forced queue grows past the force-inclusion window (forceable, DEGRADED), then
 * a user forces inclusion and the force inclusion is counted. Expected values by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFacts } from '../db/write.ts';
import { parameterChanges } from '../db/schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../db/testing.ts';
import { arbitrumDefinition } from '../metrics/fixtures.ts';
import { refreshRollupSnapshot } from '../metrics/snapshot.ts';
import { batchRow, forcedRow, prov, startTestApi, writeAll, type TestApi } from './testkit.ts';

const ID = 'arb-censor';
const T0 = 1_700_100_000;
const WINDOW = 3_600;
const enqueue = [30, 90, 200, 260, 320].map((d) => T0 + d);
/** delayedMessagesRead of the batch at T0 + 60·k: message 0 read at k = 1, message 1 at k = 2, then stuck at 2. */
const readAt = (k: number) => (k >= 2 ? 2 : k >= 1 ? 1 : 0);
const FORCED_AT = T0 + 4_000;

describe('censorship: forced queue, window, force inclusion', () => {
  let t: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    t = await createTestDatabase();
    api = await startTestApi(t.db, [arbitrumDefinition(ID)], { now: T0 + 3_000 });
    await writeFacts(t.db, parameterChanges, [
      { ...prov({ block: 900, time: T0 - 1_000 }), rollupId: ID, name: 'maxTimeVariation', value: { delayBlocks: '300', futureBlocks: '32', delaySeconds: String(WINDOW), futureSeconds: '3600' } },
    ]);
    await writeAll(t.db, {
      forced: enqueue.map((time, i) =>
        forcedRow(ID, { block: 1_000 + i * 10 + 5, time, log: 3 }, { queueIndex: String(i), kind: 'L2_MESSAGE', sender: '0x00000000000000000000000000000000000000aa', deadline: time + WINDOW, windowSeconds: WINDOW, windowBlocks: 300 }),
      ),
      // Sequencer batches every 60 s from T0 to T0 + 3960.
      batches: Array.from({ length: 67 }, (_, k) =>
        batchRow(ID, { block: 1_000 + k * 10, time: T0 + 60 * k }, { batchNumber: String(k), delayedMessagesRead: String(readAt(k)), l2BlockStart: k * 10, l2BlockEnd: k * 10 + 9, l2TimeStart: T0 + 60 * k - 30, l2TimeEnd: T0 + 60 * k - 3 }),
      ),
    });
    await refreshRollupSnapshot(t.db, ID, { now: T0 + 3_000 });
  });
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  const Q = `query($id: ID!) { rollup(id: $id) {
    health { status reasons { code severity sinceSeconds } }
    censorship { forcedPath forceInclusionWindowSeconds forceInclusionWindowBlocks processedCount queueDepth oldestUnprocessedAgeSeconds pastWindow forceable
      oldestUnprocessed { queueIndex deadlineSeconds ageSeconds pastWindow included }
      inclusionLatency { count min avg p50 p90 max } enqueued forceInclusions lastForceInclusion { number forced submitter } }
    parameters { forceInclusionWindowSeconds origins { name source blockNumber } }
  } }`;

  it('counts the queue (enqueued minus processed) and the oldest message age inside the window', async () => {
    api.clock.now = T0 + 3_000;
    const r = await api.gql(Q, { id: ID });
    expect(r.errors).toBeUndefined();
    const c = r.data.rollup.censorship;
    expect(c).toMatchObject({
      forcedPath: 'DELAYED_READ',
      forceInclusionWindowSeconds: WINDOW,
      forceInclusionWindowBlocks: 300,
      processedCount: '2',
      queueDepth: 3,
      oldestUnprocessedAgeSeconds: T0 + 3_000 - enqueue[2],
      pastWindow: false,
      forceable: false,
      oldestUnprocessed: { queueIndex: '2', deadlineSeconds: enqueue[2] + WINDOW, ageSeconds: 2_800, pastWindow: false, included: false },
      forceInclusions: 0,
      lastForceInclusion: null,
    });
    // Messages 0 and 1 were read 30 s after they were enqueued.
    expect(c.inclusionLatency).toEqual({ count: 2, min: 30, avg: 30, p50: 30, p90: 30, max: 30 });
    expect(r.data.rollup.health.status).toBe('OK');
    expect(r.data.rollup.parameters.origins.find((o: { name: string }) => o.name === 'forceInclusionWindowSeconds')).toEqual({ name: 'forceInclusionWindowSeconds', source: 'EVENT', blockNumber: 900 });
  });

  it('is forceable and DEGRADED once the oldest message is past its deadline', async () => {
    api.clock.now = enqueue[2] + WINDOW + 100; // T0 + 3900; the last batch was at T0 + 3840
    const r = await api.gql(Q, { id: ID });
    const c = r.data.rollup.censorship;
    expect(c).toMatchObject({ queueDepth: 3, oldestUnprocessedAgeSeconds: WINDOW + 100, pastWindow: true, forceable: true, oldestUnprocessed: { pastWindow: true } });
    expect(r.data.rollup.health).toEqual({ status: 'DEGRADED', reasons: [{ code: 'FORCED_QUEUE_PAST_WINDOW', severity: 'DEGRADED', sinceSeconds: enqueue[2] + WINDOW }] });
  });

  it('counts the force inclusion and the messages it carried', async () => {
    await writeAll(t.db, {
      batches: [
        batchRow(ID, { block: 1_700, time: FORCED_AT, tx: 2 }, { batchNumber: '67', delayedMessagesRead: '5', forced: true, submitter: '0x00000000000000000000000000000000000000bb', l2BlockStart: 670, l2BlockEnd: 679, l2TimeStart: FORCED_AT - 30, l2TimeEnd: FORCED_AT }),
      ],
    });
    await refreshRollupSnapshot(t.db, ID, { now: FORCED_AT + 10 });
    api.clock.now = FORCED_AT + 10;
    const r = await api.gql(Q, { id: ID });
    const c = r.data.rollup.censorship;
    expect(c).toMatchObject({ processedCount: '5', queueDepth: 0, oldestUnprocessed: null, oldestUnprocessedAgeSeconds: null, pastWindow: false, forceable: false, forceInclusions: 1, enqueued: 5 });
    expect(c.lastForceInclusion).toEqual({ number: '67', forced: true, submitter: '0x00000000000000000000000000000000000000bb' });
    // Latencies: 30, 30, then FORCED_AT − enqueue for messages 2..4.
    const lat = [30, 30, ...enqueue.slice(2).map((e) => FORCED_AT - e)].sort((a, b) => a - b);
    expect(c.inclusionLatency).toEqual({ count: 5, min: lat[0], avg: lat.reduce((a, b) => a + b, 0) / 5, p50: lat[2], p90: lat[4], max: lat[4] });
    expect(r.data.rollup.health.status).toBe('OK');
  });

  it('lists forced messages with their inclusion, newest first, and pending ones only on request', async () => {
    api.clock.now = FORCED_AT + 10;
    const r = await api.gql(
      `query($id: ID!) { rollup(id: $id) { forcedMessages(first: 10) { nodes { queueIndex included includedAt inclusionLatencySeconds forced includedBy { number } } } } }`,
      { id: ID },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.rollup.forcedMessages.nodes).toEqual([
      ...[4, 3, 2].map((i) => ({ queueIndex: String(i), included: true, includedAt: new Date(FORCED_AT * 1000).toISOString(), inclusionLatencySeconds: FORCED_AT - enqueue[i], forced: true, includedBy: { number: '67' } })),
      { queueIndex: '1', included: true, includedAt: new Date((T0 + 120) * 1000).toISOString(), inclusionLatencySeconds: 30, forced: false, includedBy: { number: '2' } },
      { queueIndex: '0', included: true, includedAt: new Date((T0 + 60) * 1000).toISOString(), inclusionLatencySeconds: 30, forced: false, includedBy: { number: '1' } },
    ]);
    const pending = await api.gql(`query($id: ID!) { rollup(id: $id) { forcedMessages(pendingOnly: true) { nodes { queueIndex } } } }`, { id: ID });
    expect(pending.data.rollup.forcedMessages.nodes).toEqual([]);
  });
});
