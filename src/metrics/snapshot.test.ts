/** Snapshot refresh on real Postgres: versions, coalescing refresher, reorg records, the poll row. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing.ts';
import { upsertRollups } from '../db/rollups.ts';
import { batchRow, setChainHead, writeAll } from '../api/testkit.ts';
import { evaluateHealth } from './health.ts';
import { arbitrumDefinition } from './fixtures.ts';
import { createSnapshotRefresher, factsEvents, healthInputs, readPollRows, recordReorg, refreshRollupSnapshot } from './snapshot.ts';

const ID = 'arb-snap';
const T0 = 1_700_500_000;

describe('rollup snapshots', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await upsertRollups(t.db, [arbitrumDefinition(ID)]);
    await writeAll(t.db, { batches: Array.from({ length: 5 }, (_, i) => batchRow(ID, { block: 10 + i, time: T0 + 60 * i }, { batchNumber: String(i), l2BlockStart: i * 10, l2BlockEnd: i * 10 + 9, l2TimeStart: T0 + 60 * i - 9, l2TimeEnd: T0 + 60 * i })) });
  });
  afterAll(async () => t?.drop());

  it('stores a growing version and announces each refresh', async () => {
    const seen: string[] = [];
    const on = (id: string) => seen.push(id);
    factsEvents.on('facts', on);
    const a = await refreshRollupSnapshot(t.db, ID, { now: T0 + 300 });
    const b = await refreshRollupSnapshot(t.db, ID, { now: T0 + 300 });
    factsEvents.off('facts', on);
    expect(b!.version).toBe(a!.version + 1);
    expect(seen).toEqual([ID, ID]);
    expect(a!.data.batches).toMatchObject({ first: T0, last: { batchNumber: '4' }, intervals: { samples: 4, mean: 60, std: 0, p50: 60 } });
    expect(a!.data.heads.submitted).toEqual({ l2Block: 49, l2Time: T0 + 240 });
    expect(await refreshRollupSnapshot(t.db, 'nope')).toBeNull();
    const [row] = await readPollRows(t.db, [ID]);
    expect(row.version).toBe(b!.version);
    expect(row.snapshot?.batches.last?.batchNumber).toBe('4');
  });

  it('coalesces refresh requests per rollup', async () => {
    const [before] = await readPollRows(t.db, [ID]);
    const r = createSnapshotRefresher({ db: t.db });
    await writeAll(t.db, { batches: [batchRow(ID, { block: 20, time: T0 + 400 }, { batchNumber: '5' })] });
    await Promise.all([r.touch(ID), r.touch(ID), r.touch(ID), r.touch(ID)]);
    await r.flush();
    const [after] = await readPollRows(t.db, [ID]);
    // One refresh for the first touch, one for the three that arrived while it ran.
    expect(after.version - before.version).toBeLessThanOrEqual(2);
    expect(after.version - before.version).toBeGreaterThanOrEqual(1);
    expect(after.snapshot?.batches.last?.batchNumber).toBe('5');
  });

  it('liveness intervals count one submission per transaction, against a by-hand computation', async () => {
    const id = 'arb-intervals';
    await upsertRollups(t.db, [arbitrumDefinition(id)]);
    // Irregular posting over 40 days: several batches in one tx, two txs in one block, long gaps.
    const rows = [];
    let block = 1_000;
    let time = T0 - 40 * 86_400;
    for (let k = 0; k < 400; k++) {
      block += 1 + (k % 7);
      time += [12, 12, 24, 300, 12, 3_600, 36][k % 7] + (k % 5);
      const txs = k % 11 === 0 ? 2 : 1;
      for (let tx = 0; tx < txs; tx++) {
        const logs = k % 3 === 0 ? 3 : 1;
        for (let log = 0; log < logs; log++) rows.push(batchRow(id, { block, time, tx, log }, { batchNumber: String(rows.length) }));
      }
    }
    await writeAll(t.db, { batches: rows });
    const snap = (await refreshRollupSnapshot(t.db, id, { now: time + 10 }))!.data;
    // By hand: one time per transaction, the last one before the 30-day window leading.
    const byTx = new Map(rows.map((r) => [r.txHash, r.blockTime]));
    const times = [...byTx.values()].sort((a, b) => a - b);
    const from = time - 30 * 86_400;
    const before = times.filter((x) => x < from);
    const inWindow = [...before.slice(-1), ...times.filter((x) => x >= from)];
    const d = inWindow.slice(1).map((x, i) => x - inWindow[i]);
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
    const sorted = [...d].sort((a, b) => a - b);
    expect(d.filter((x) => x === 0).length, 'two txs in one block make a zero interval').toBeGreaterThan(0);
    expect(snap.batches.intervals.samples).toBe(d.length);
    expect(snap.batches.intervals.mean).toBeCloseTo(mean, 9);
    expect(snap.batches.intervals.std).toBeCloseTo(std, 6);
    expect(snap.batches.intervals.p50).toBe(sorted[Math.ceil(0.5 * sorted.length) - 1]);
    const gaps = inWindow.slice(1).map((end, i) => ({ start: inWindow[i], end })).filter((g) => g.end - g.start >= 60);
    expect(snap.batches.gaps).toEqual(gaps.slice(-100));
  });

  it('records reorgs for the L1_REORG reason and reads the L1 head into the poll row', async () => {
    await setChainHead(t.db, 31_337, { latest: 20, finalized: 10, latestTime: T0 + 400 });
    await recordReorg(t.db, { chainId: 31_337, ancestor: 18, depth: 2, observedAt: T0 + 405 });
    const [row] = await readPollRows(t.db, [ID]);
    expect(row).toMatchObject({ lastReorgAt: T0 + 405, l1HeadTime: T0 + 400 });
    const h = evaluateHealth(healthInputs(row, T0 + 410), T0 + 410);
    expect(h.reasons.map((x) => x.code)).toEqual(['L1_REORG']);
    expect(evaluateHealth(healthInputs(row, T0 + 405 + 120), T0 + 405 + 120).reasons.map((x) => x.code)).toEqual([]);
  });
});

describe('on embedded PGlite', () => {
  it('refreshes snapshots and records health changes (NOTIFY and advisory locks work there too)', async () => {
    const { openDatabase } = await import('../db/client.ts');
    const { migrate } = await import('../db/migrate.ts');
    const { createHealthMonitor } = await import('../api/monitor.ts');
    const { createFactFeed } = await import('../api/feed.ts');
    const { createLogger } = await import('../log.ts');
    const db = await openDatabase({ dataDir: 'memory://' });
    try {
      await migrate(db);
      await upsertRollups(db, [arbitrumDefinition(ID)]);
      await writeAll(db, { batches: Array.from({ length: 5 }, (_, i) => batchRow(ID, { block: 10 + i, time: T0 + 60 * i }, { batchNumber: String(i) })) });
      const r = await refreshRollupSnapshot(db, ID, { now: T0 + 300 });
      expect(r?.data.batches.last?.batchNumber).toBe('4');
      const feed = createFactFeed({ db, logger: createLogger('silent') });
      let now = T0 + 300;
      const monitor = createHealthMonitor({ db, thresholds: (await import('./health.ts')).defaultHealthThresholds, now: async () => now, feed, logger: createLogger('silent') });
      expect((await monitor.check()).map((c) => c.status)).toEqual(['OK']);
      now = T0 + 240 + 3_600;
      expect((await monitor.check()).map((c) => [c.status, c.previousStatus])).toEqual([['HALT', 'OK']]);
      expect(await monitor.check()).toEqual([]);
      await monitor.stop();
      await feed.close();
    } finally {
      await db.close();
    }
  });
});
