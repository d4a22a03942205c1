/**
 * Sequencer outage over HTTP on real Postgres: batches every 50/70 s (mean 60, std 10), a 2 h
 * outage, then recovery. Liveness anomalies, health (OK → DEGRADED → HALT → OK), the sequencer
 * uptime feed and the recorded health history are checked against values computed by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing.ts';
import { arbitrumDefinition } from '../metrics/fixtures.ts';
import { refreshRollupSnapshot } from '../metrics/snapshot.ts';
import { batchRow, startTestApi, writeAll, type TestApi } from './testkit.ts';

const ID = 'arb-outage';
const T0 = 1_700_000_000;
const times: number[] = [T0];
for (let i = 1; i <= 120; i++) times.push(times[i - 1] + (i % 2 ? 50 : 70));
const LAST = times[120]; // T0 + 7200
const R = LAST + 7_200; // recovery batch
const after = Array.from({ length: 61 }, (_, i) => R + 60 * i); // R .. R + 3600

const batch = (i: number, t: number) =>
  batchRow(ID, { block: 1_000 + i, time: t }, { batchNumber: String(i), l2BlockStart: 10 * i, l2BlockEnd: 10 * i + 9, l2TimeStart: t - 60, l2TimeEnd: t - 6, delayedMessagesRead: '0' });

/** Independent reference: population mean/std of a list. */
const stats = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, std: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) };
};

const POLL = `query($id: ID!, $grace: Int) { rollup(id: $id) {
  health { status sinceSeconds reasons { code severity sinceSeconds message } snapshotVersion }
  sequencerUptime(gracePeriodSeconds: $grace) { answer up startedAtSeconds borrowAllowed liquidationAllowed gracePeriodPassed }
  latest { batch { number ageSeconds } }
} }`;

describe('sequencer outage', () => {
  let t: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    t = await createTestDatabase();
    api = await startTestApi(t.db, [arbitrumDefinition(ID)], { now: LAST + 30, monitor: { start: false } });
    await writeAll(t.db, { batches: times.map((x, i) => batch(i, x)) });
    await refreshRollupSnapshot(t.db, ID, { now: LAST + 30 });
  });
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  const poll = async (now: number, grace = 3_600) => {
    api.clock.now = now;
    const r = await api.gql(POLL, { id: ID, grace });
    expect(r.errors).toBeUndefined();
    return r.data.rollup;
  };

  it('is OK right after a batch and up since the first batch', async () => {
    const r = await poll(LAST + 30);
    expect(r.health).toMatchObject({ status: 'OK', sinceSeconds: T0, reasons: [] });
    expect(r.sequencerUptime).toEqual({ answer: 0, up: true, startedAtSeconds: T0, borrowAllowed: true, liquidationAllowed: true, gracePeriodPassed: true });
    expect(r.latest.batch).toEqual({ number: '120', ageSeconds: 30 });
    expect((await api.api.monitor!.check()).map((c) => [c.status, c.previousStatus])).toEqual([['OK', null]]);
  });

  it('degrades when the open gap becomes an anomaly (mean + 15·std = 210 s), then halts at 1 h', async () => {
    const ref = stats(times.slice(1).map((x, i) => x - times[i]));
    expect(ref).toEqual({ mean: 60, std: 10 });
    expect((await poll(LAST + 209)).health.status).toBe('OK');
    const d = await poll(LAST + 210);
    expect(d.health).toMatchObject({ status: 'DEGRADED', sinceSeconds: LAST + ref.mean + 15 * ref.std });
    expect(d.health.reasons).toEqual([expect.objectContaining({ code: 'BATCH_SILENT', severity: 'DEGRADED', sinceSeconds: LAST + 210 })]);
    expect(d.sequencerUptime.answer).toBe(0);
    expect((await api.api.monitor!.check()).map((c) => c.status)).toEqual(['DEGRADED']);

    const live = await api.gql(
      `query($id: ID!) { rollup(id: $id) { liveness(window: { last: H1 }) { batches { secondsSinceLast openGapAnomalous openGap { startSeconds durationSeconds meanSeconds stdDevSeconds zScore open } } } } }`,
      { id: ID },
    );
    expect(live.data.rollup.liveness.batches).toEqual({
      secondsSinceLast: 210,
      openGapAnomalous: true,
      openGap: { startSeconds: LAST, durationSeconds: 210, meanSeconds: 60, stdDevSeconds: 10, zScore: 15, open: true },
    });

    const h = await poll(LAST + 3_700);
    expect(h.health).toMatchObject({ status: 'HALT', sinceSeconds: LAST + 3_600, reasons: [expect.objectContaining({ code: 'BATCH_SILENT', severity: 'HALT' })] });
    expect(h.sequencerUptime).toMatchObject({ answer: 1, up: false, startedAtSeconds: LAST + 3_600, borrowAllowed: false, liquidationAllowed: false });
    expect((await api.api.monitor!.check()).map((c) => [c.status, c.previousStatus])).toEqual([['HALT', 'DEGRADED']]);
  });

  it('recovers: OK since the recovery batch, up since then, borrowing allowed only after the grace period', async () => {
    await writeAll(t.db, { batches: after.map((x, i) => batch(121 + i, x)) });
    await refreshRollupSnapshot(t.db, ID, { now: R + 310 });
    const r = await poll(R + 310);
    expect(r.health).toMatchObject({ status: 'OK', sinceSeconds: R, reasons: [] });
    expect(r.sequencerUptime).toMatchObject({ answer: 0, startedAtSeconds: R, borrowAllowed: false, gracePeriodPassed: false });
    expect((await poll(R + 3_600)).sequencerUptime).toMatchObject({ borrowAllowed: false }); // 3600 is not > 3600
    expect((await poll(R + 3_601)).sequencerUptime).toMatchObject({ answer: 0, borrowAllowed: true, liquidationAllowed: true });
    expect((await poll(R + 3_601, 7_200)).sequencerUptime).toMatchObject({ borrowAllowed: false });
    api.clock.now = R + 310;
    expect((await api.api.monitor!.check()).map((c) => [c.status, c.previousStatus])).toEqual([['OK', 'HALT']]);
  });

  it('reports the closed outage as an L2BEAT anomaly with hand-computed mean, std and z', async () => {
    api.clock.now = R + 3_601;
    const r = await api.gql(
      `query($id: ID!, $from: DateTime!, $to: DateTime!) { rollup(id: $id) { liveness(window: { from: $from, to: $to }) {
         batches { submissions intervals { count min max p50 p90 } anomalies { startSeconds endSeconds durationSeconds meanSeconds stdDevSeconds zScore open } openGap { durationSeconds } }
         stateRoots { submissions anomalies { durationSeconds } }
       } } }`,
      { id: ID, from: new Date(T0 * 1000).toISOString(), to: new Date((R + 3_601) * 1000).toISOString() },
    );
    expect(r.errors).toBeUndefined();
    const b = r.data.rollup.liveness.batches;
    // Intervals ending in the window: 120 jittered + the outage + 60 of 60 s.
    const all = [...times, ...after];
    const iv = all.slice(1).map((x, i) => x - all[i]).filter((_, i) => all[i + 1] >= T0);
    expect(b.submissions).toBe(all.length);
    expect(b.intervals).toMatchObject({ count: iv.length, min: 50, max: 7_200 });
    const sorted = [...iv].sort((x, y) => x - y);
    expect(b.intervals.p50).toBe(sorted[Math.ceil(0.5 * sorted.length) - 1]);
    expect(b.intervals.p90).toBe(sorted[Math.ceil(0.9 * sorted.length) - 1]);
    expect(b.anomalies).toEqual([{ startSeconds: LAST, endSeconds: R, durationSeconds: 7_200, meanSeconds: 60, stdDevSeconds: 10, zScore: (7_200 - 60) / 10, open: false }]);
    expect(b.openGap).toEqual({ durationSeconds: 1 });
    expect(r.data.rollup.liveness.stateRoots).toEqual({ submissions: 0, anomalies: [] });
  });

  it('keeps the recorded health history, newest first, with stable cursors', async () => {
    const q = `query($id: ID!, $after: String) { rollup(id: $id) { healthHistory(first: 2, after: $after) { nodes { status previousStatus atSeconds } pageInfo { hasNextPage endCursor } } } }`;
    const p1 = await api.gql(q, { id: ID });
    expect(p1.data.rollup.healthHistory.nodes).toEqual([
      { status: 'OK', previousStatus: 'HALT', atSeconds: R + 310 },
      { status: 'HALT', previousStatus: 'DEGRADED', atSeconds: LAST + 3_700 },
    ]);
    const p2 = await api.gql(q, { id: ID, after: p1.data.rollup.healthHistory.pageInfo.endCursor });
    expect(p2.data.rollup.healthHistory.nodes.map((n: { status: string }) => n.status)).toEqual(['DEGRADED', 'OK']);
    expect(p2.data.rollup.healthHistory.pageInfo.hasNextPage).toBe(false);
  });

  it('computes finality delays per batch (t1 − t0 = 60 s) and the stage heads', async () => {
    api.clock.now = R + 3_601;
    const r = await api.gql(
      `query($id: ID!) { rollup(id: $id) { finality(window: { last: H1 }) { samples stages { stage pending delay { count min max p50 } } heads { stage l2Block lagSeconds lagBlocks } } } }`,
      { id: ID },
    );
    expect(r.errors).toBeUndefined();
    const f = r.data.rollup.finality;
    // Batches with L1 time in [R + 1, R + 3601): 60 of them (R + 60 … R + 3600).
    expect(f.samples).toBe(60);
    expect(f.stages.find((s: { stage: string }) => s.stage === 'SUBMITTED')).toEqual({ stage: 'SUBMITTED', pending: 0, delay: { count: 60, min: 60, max: 60, p50: 60 } });
    expect(f.stages.find((s: { stage: string }) => s.stage === 'SETTLED')).toMatchObject({ pending: 60, delay: { count: 0 } });
    const head = f.heads.find((h: { stage: string }) => h.stage === 'SUBMITTED');
    expect(head).toEqual({ stage: 'SUBMITTED', l2Block: 10 * 181 + 9, lagSeconds: 3_601 - (3_600 - 6), lagBlocks: 0 });
  });
});
