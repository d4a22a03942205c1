/**
 * A challenged OP Stack dispute game over HTTP on real Postgres: an open challenge (DEGRADED, the
 * latest root challenged), then its outcome; settlement of the covered L2 blocks moves by the
 * challenge's extra clock time. Time-to-settlement distribution and VaR/CVaR by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFacts } from '../db/write.ts';
import { parameterChanges } from '../db/schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../db/testing.ts';
import { opDefinition } from '../metrics/fixtures.ts';
import { refreshRollupSnapshot } from '../metrics/snapshot.ts';
import { batchRow, challengeRow, moveRow, prov, rootEventRow, rootRow, startTestApi, writeAll, type TestApi } from './testkit.ts';

const ID = 'op-game';
const T0 = 1_700_000_000; // = the OP genesis l2Time of the fixture: L2 block b has time T0 + 2b
const game = (c: string) => `0x${c.repeat(40)}`;
const [A, B, C] = [game('a'), game('b'), game('c')];
const MAX_CLOCK = 300;
const DELAY = 60;
const MATURITY = 200;

/** Batch i carries L2 blocks [100i, 100i + 99] (times T0 + 200i …) and lands on L1 at T0 + 200i + 260. */
const batches = Array.from({ length: 8 }, (_, i) =>
  batchRow(ID, { block: 2_000 + i, time: T0 + 200 * i + 260 }, { batchNumber: String(i), dataLocation: 'BLOB', blobCount: 1, bytesPosted: 131_072, l2BlockStart: 100 * i, l2BlockEnd: 100 * i + 99, l2TimeStart: T0 + 200 * i, l2TimeEnd: T0 + 200 * i + 198 }),
);
const roots = [
  rootRow(ID, { block: 3_000, time: T0 + 600, log: 1 }, { kind: 'OUTPUT', rootIndex: A, l2BlockNumber: 199 }),
  rootRow(ID, { block: 3_100, time: T0 + 1_000, log: 1 }, { kind: 'OUTPUT', rootIndex: B, l2BlockNumber: 399 }),
  rootRow(ID, { block: 3_200, time: T0 + 1_400, log: 1 }, { kind: 'OUTPUT', rootIndex: C, l2BlockNumber: 599 }),
];

describe('challenged dispute game', () => {
  let t: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    t = await createTestDatabase();
    api = await startTestApi(t.db, [opDefinition(ID, true)], { now: T0 + 1_200 });
    await writeFacts(
      t.db,
      parameterChanges,
      Object.entries({ maxClockDurationSeconds: MAX_CLOCK, disputeGameFinalityDelaySeconds: DELAY, proofMaturityDelaySeconds: MATURITY }).map(([name, value], i) => ({
        ...prov({ block: 10, time: T0 - 100, log: i }),
        rollupId: ID,
        name,
        value,
      })),
    );
    await writeAll(t.db, {
      batches: batches.slice(0, 5), // on L1 by T0 + 1060
      roots: roots.slice(0, 2),
      rootEvents: [rootEventRow(ID, { block: 3_050, time: T0 + 900 }, { kind: 'OUTPUT', rootIndex: A, status: 'RESOLVED', extra: { status: 'DEFENDER_WINS' } })],
      // Game A is also a challenge row (the game itself) without moves: not disputed.
      challenges: [
        challengeRow(ID, { block: 3_000, time: T0 + 600, log: 2 }, { challengeId: A, type: 'FAULT_DISPUTE_GAME', address: A, rootIndex: A, l2BlockNumber: 199 }),
        challengeRow(ID, { block: 3_100, time: T0 + 1_000, log: 2 }, { challengeId: B, type: 'FAULT_DISPUTE_GAME', address: B, rootIndex: B, l2BlockNumber: 399 }),
      ],
      moves: [
        moveRow(ID, { block: 3_120, time: T0 + 1_100 }, { challengeId: B, action: 'MOVE', claimant: '0x00000000000000000000000000000000000000c1', parentIndex: '0', claim: `0x${'11'.repeat(32)}` }),
      ],
    });
    await refreshRollupSnapshot(t.db, ID, { now: T0 + 1_200 });
  });
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  const STAGES = `query($id: ID!, $b: Int!) { l2Block(rollup: $id, number: $b) { number timestampSeconds stage settled
    stages { stage status atSeconds expectedAtSeconds delaySeconds l1 { blockNumber } } } }`;
  const stage = (r: any, s: string) => r.data.l2Block.stages.find((x: { stage: string }) => x.stage === s);

  it('while the challenge is open: DEGRADED, latest root challenged, settlement expected after the clock runs out', async () => {
    await writeAll(t.db, { moves: [moveRow(ID, { block: 3_130, time: T0 + 1_150 }, { challengeId: B, action: 'MOVE', claimant: '0x00000000000000000000000000000000000000c2', parentIndex: '1' })] });
    await refreshRollupSnapshot(t.db, ID, { now: T0 + 1_200 });
    api.clock.now = T0 + 1_200;
    const r = await api.gql(
      `query($id: ID!) { rollup(id: $id) {
        health { status reasons { code severity sinceSeconds message } }
        latest { openChallenges latestStateRootChallenged stateRoot { index status challenged } }
        challenges(state: OPEN) { nodes { challengeId status disputed moveCount moves { action claimant } } }
        stateRoots(order: OLDEST_FIRST) { nodes { index status challenged settledAt expectedSettledAtSeconds } }
      } }`,
      { id: ID },
    );
    expect(r.errors).toBeUndefined();
    const x = r.data.rollup;
    expect(x.health).toEqual({ status: 'DEGRADED', reasons: [{ code: 'OPEN_CHALLENGE', severity: 'DEGRADED', sinceSeconds: T0 + 1_100, message: '1 open challenge, including one on the latest state root' }] });
    expect(x.latest).toEqual({ openChallenges: 1, latestStateRootChallenged: true, stateRoot: { index: B, status: 'PROPOSED', challenged: true } });
    expect(x.challenges.nodes).toEqual([
      { challengeId: B, status: 'IN_PROGRESS', disputed: true, moveCount: 2, moves: [{ action: 'MOVE', claimant: '0x00000000000000000000000000000000000000c1' }, { action: 'MOVE', claimant: '0x00000000000000000000000000000000000000c2' }] },
    ]);
    // A settled at max(900 + 60, 600 + 200) = T0 + 960; B open: max(max(now, 1150 + 300) + 60, 1000 + 200) = T0 + 1510.
    expect(x.stateRoots.nodes).toEqual([
      { index: A, status: 'SETTLED', challenged: false, settledAt: new Date((T0 + 960) * 1000).toISOString(), expectedSettledAtSeconds: T0 + 960 },
      { index: B, status: 'CHALLENGED', challenged: true, settledAt: null, expectedSettledAtSeconds: T0 + 1_510 },
    ]);
    const b399 = await api.gql(STAGES, { id: ID, b: 399 });
    expect(b399.errors).toBeUndefined();
    expect(stage(b399, 'STATE_ROOT_POSTED')).toMatchObject({ status: 'DONE', atSeconds: T0 + 1_000, l1: { blockNumber: 3_100 } });
    expect(stage(b399, 'SETTLED')).toEqual({ stage: 'SETTLED', status: 'PENDING', atSeconds: null, expectedAtSeconds: T0 + 1_510, delaySeconds: T0 + 1_510 - (T0 + 798), l1: null });
  });

  it('after the outcome: OK again, settlement moved by the challenge (vs. an unchallenged game)', async () => {
    await writeAll(t.db, {
      batches: batches.slice(5),
      roots: roots.slice(2),
      moves: [moveRow(ID, { block: 3_180, time: T0 + 1_450 + 150, log: 1 }, { challengeId: B, action: 'RESOLVED', status: 'DEFENDER_WINS' })],
      rootEvents: [
        rootEventRow(ID, { block: 3_180, time: T0 + 1_600, log: 2 }, { kind: 'OUTPUT', rootIndex: B, status: 'RESOLVED', extra: { status: 'DEFENDER_WINS' } }),
        rootEventRow(ID, { block: 3_250, time: T0 + 1_700 }, { kind: 'OUTPUT', rootIndex: C, status: 'RESOLVED', extra: { status: 'DEFENDER_WINS' } }),
      ],
    });
    await refreshRollupSnapshot(t.db, ID, { now: T0 + 1_700 });
    api.clock.now = T0 + 1_700;
    const h = await api.gql(`query($id: ID!) { rollup(id: $id) { health { status } latest { openChallenges } challenges { nodes { challengeId status resolvedAt } } } }`, { id: ID });
    expect(h.data.rollup.health.status).toBe('OK');
    expect(h.data.rollup.latest.openChallenges).toBe(0);
    expect(h.data.rollup.challenges.nodes[0]).toEqual({ challengeId: B, status: 'DEFENDER_WINS', resolvedAt: new Date((T0 + 1_600) * 1000).toISOString() });

    // Block 150 (game A, unchallenged): settled at posted + maxClock + delay = 600 + 300 + 60.
    const b150 = await api.gql(STAGES, { id: ID, b: 150 });
    expect(b150.data.l2Block).toMatchObject({ number: 150, timestampSeconds: T0 + 300, stage: 'SETTLED', settled: true });
    expect(stage(b150, 'SUBMITTED')).toMatchObject({ status: 'DONE', atSeconds: T0 + 200 + 260, delaySeconds: 160 });
    expect(stage(b150, 'SETTLED')).toMatchObject({ status: 'DONE', atSeconds: T0 + 960, delaySeconds: 660, l1: { blockNumber: 3_050 } });
    expect(stage(b150, 'PROVEN')).toMatchObject({ status: 'NOT_APPLICABLE' });
    // Block 399 (game B, challenged): resolved at 1600 → settled 1660, i.e. 300 s later than posted + 360.
    const b399 = await api.gql(STAGES, { id: ID, b: 399 });
    expect(stage(b399, 'SETTLED')).toMatchObject({ status: 'DONE', atSeconds: T0 + 1_660, l1: { blockNumber: 3_180 } });
    expect(stage(b399, 'SETTLED').atSeconds - (T0 + 1_000 + MAX_CLOCK + DELAY)).toBe(300);
    // Block 599 (game C): resolved at 1700, settles at 1760 (pending at 1700).
    expect(stage(await api.gql(STAGES, { id: ID, b: 599 }), 'SETTLED')).toMatchObject({ status: 'PENDING', expectedAtSeconds: T0 + 1_760 });
  });

  it('time-to-settlement distribution and VaR/CVaR over the window, by hand', async () => {
    api.clock.now = T0 + 1_700;
    const r = await api.gql(
      `query($id: ID!) { rollup(id: $id) { finality(window: { last: H24 }) { samples
        stages { stage pending delay { count min p50 max } }
        q50: timeToSettlementRisk(quantile: 0.5) { count valueAtRiskSeconds conditionalValueAtRiskSeconds }
        q99: timeToSettlementRisk { quantile valueAtRiskSeconds conditionalValueAtRiskSeconds }
        heads { stage l2Block } } } }`,
      { id: ID },
    );
    expect(r.errors).toBeUndefined();
    const f = r.data.rollup.finality;
    // Batches on L1 by now: i ≤ 7 (T0 + 200i + 260 ≤ T0 + 1700). Samples t0 = T0 + 200i.
    expect(f.samples).toBe(8);
    // Settled: i = 0, 1 by A (960, 760), i = 2, 3 by B (1660 − 400 = 1260, 1660 − 600 = 1060).
    const settled = [960, 760, 1_260, 1_060].sort((a, b) => a - b);
    expect(f.stages.find((s: { stage: string }) => s.stage === 'SETTLED')).toEqual({ stage: 'SETTLED', pending: 4, delay: { count: 4, min: 760, p50: 960, max: 1_260 } });
    expect(f.q50).toEqual({ count: 4, valueAtRiskSeconds: settled[1], conditionalValueAtRiskSeconds: (settled[1] + settled[2] + settled[3]) / 3 });
    expect(f.q99).toEqual({ quantile: 0.99, valueAtRiskSeconds: 1_260, conditionalValueAtRiskSeconds: 1_260 });
    expect(f.heads.find((h: { stage: string }) => h.stage === 'SETTLED')).toEqual({ stage: 'SETTLED', l2Block: 399 });
    expect(f.heads.find((h: { stage: string }) => h.stage === 'STATE_ROOT_POSTED')).toEqual({ stage: 'STATE_ROOT_POSTED', l2Block: 599 });
    // Later the time-settled game C joins without any new fact.
    api.clock.now = T0 + 1_760;
    const later = await api.gql(`query($id: ID!) { rollup(id: $id) { finality { heads { stage l2Block } } } }`, { id: ID });
    expect(later.data.rollup.finality.heads.find((h: { stage: string }) => h.stage === 'SETTLED')).toEqual({ stage: 'SETTLED', l2Block: 599 });
  });

  it('rejects a quantile outside (0, 1)', async () => {
    const r = await api.gql(`query($id: ID!) { rollup(id: $id) { finality { timeToSettlementRisk(quantile: 1.5) { count } } } }`, { id: ID });
    expect(r.errors?.[0]).toMatchObject({ message: 'quantile must be strictly between 0 and 1, got 1.5', extensions: { code: 'BAD_QUANTILE' } });
  });
});
