import { describe, expect, it } from 'vitest';
import { batchCarrying, coverage, finalityIndex, l2BlockTimeline, l2Clock, rootSettlement, settlementModeOf, settlementRisk, stageHeads, windowFinality } from './finality.ts';
import { resolveParameters } from './parameters.ts';
import { arbitrumDefinition, batchFact, opDefinition, ref, rootFact } from './fixtures.ts';

const T = 1_700_000_000;
const arbParams = resolveParameters(arbitrumDefinition(), { confirmPeriodBlocks: 100 }, []); // 1200 s
const fpParams = resolveParameters(opDefinition('fp', true), { maxClockDurationSeconds: 300, disputeGameFinalityDelaySeconds: 60, proofMaturityDelaySeconds: 200 }, []);
const legacyParams = resolveParameters(opDefinition('lg', false), { finalizationPeriodSeconds: 500 }, []);

describe('settlement mode', () => {
  const op = opDefinition().contracts;
  const both = { ...op, l2OutputOracle: { address: '0x1', fromBlock: 0 } };
  it('is chosen per root kind and OP era', () => {
    expect(settlementModeOf('ASSERTION', '0xab', 'arbitrum', {})).toBe('assertion');
    expect(settlementModeOf('OUTPUT', '0x' + 'a'.repeat(40), 'opstack', op)).toBe('dispute-game');
    expect(settlementModeOf('OUTPUT', '17', 'opstack', both)).toBe('output-timer');
    expect(settlementModeOf('OUTPUT', '0x' + 'a'.repeat(40), 'opstack', both)).toBe('dispute-game');
    expect(settlementModeOf('OUTPUT', '3', 'opstack', opDefinition('x', false).contracts)).toBe('output-timer');
    expect(settlementModeOf('ZK_EXECUTE', '3', 'zk', {})).toBe('zk-execute');
    expect(settlementModeOf('ZK_COMMIT', '3', 'zk', {})).toBe('none');
  });
});

describe('root settlement', () => {
  it('Arbitrum assertion settles at its CONFIRMED event; expected at posting + challenge period before', () => {
    const r = rootFact({ kind: 'ASSERTION', rootIndex: '0xa1', l2BlockNumber: 100, ref: ref(10, T), mode: 'assertion', events: [{ status: 'CONFIRMED', at: T + 1_300 }] });
    expect(rootSettlement(r, arbParams, T + 100)).toMatchObject({ status: 'PROPOSED', settledAt: null, expectedSettledAt: T + 1_200 });
    expect(rootSettlement(r, arbParams, T + 1_250)).toMatchObject({ status: 'PROPOSED', expectedSettledAt: T + 1_250 }); // overdue: now
    expect(rootSettlement(r, arbParams, T + 1_300)).toMatchObject({ status: 'SETTLED', settledAt: T + 1_300, acceptedAt: T + 1_300 });
    const rejected = { ...r, events: [{ status: 'REJECTED', at: T + 50 }] };
    expect(rootSettlement(rejected, arbParams, T + 60)).toMatchObject({ status: 'REJECTED', rejectedAt: T + 50, expectedSettledAt: null });
  });

  it('legacy OP output settles by time alone unless deleted', () => {
    const r = rootFact({ kind: 'OUTPUT', rootIndex: '4', l2BlockNumber: 100, ref: ref(10, T), mode: 'output-timer' });
    expect(rootSettlement(r, legacyParams, T + 499)).toMatchObject({ status: 'PROPOSED', settledAt: null, expectedSettledAt: T + 500 });
    expect(rootSettlement(r, legacyParams, T + 500)).toMatchObject({ status: 'SETTLED', settledAt: T + 500 });
    expect(rootSettlement({ ...r, events: [{ status: 'DELETED', at: T + 10 }] }, legacyParams, T + 600).status).toBe('REJECTED');
  });

  it('a challenged dispute game settles after its resolution + finality delay: the challenge moves settlement', () => {
    const game = '0x' + 'b'.repeat(40);
    const unchallenged = rootFact({ kind: 'OUTPUT', rootIndex: game, l2BlockNumber: 100, ref: ref(10, T), mode: 'dispute-game' });
    // Expected: max(max(now, posted + maxClock) + delay, posted + maturity) = max(T+300+60, T+200).
    expect(rootSettlement(unchallenged, fpParams, T + 10)).toMatchObject({ status: 'PROPOSED', expectedSettledAt: T + 360 });
    const challenged = {
      ...unchallenged,
      challenges: [{ createdAt: T, lastMoveAt: T + 250, disputed: true, outcome: 'DEFENDER_WINS' as const, resolvedAt: T + 900 }],
    };
    // While open: the clock restarts at the last move → T + 250 + 300 + 60.
    expect(rootSettlement(challenged, fpParams, T + 260)).toMatchObject({ status: 'CHALLENGED', openChallenge: true, expectedSettledAt: T + 610 });
    expect(rootSettlement(challenged, fpParams, T + 900)).toMatchObject({ status: 'ACCEPTED', acceptedAt: T + 900, settledAt: null, expectedSettledAt: T + 960 });
    expect(rootSettlement(challenged, fpParams, T + 960)).toMatchObject({ status: 'SETTLED', settledAt: T + 960, openChallenge: false });
    const lost = { ...unchallenged, challenges: [{ createdAt: T, lastMoveAt: T + 5, disputed: true, outcome: 'CHALLENGER_WINS' as const, resolvedAt: T + 400 }] };
    expect(rootSettlement(lost, fpParams, T + 400)).toMatchObject({ status: 'REJECTED', rejectedAt: T + 400 });
    // The game itself as an undisputed challenge row: its resolution settles it, it is never "challenged".
    const quiet = { ...unchallenged, challenges: [{ createdAt: T, lastMoveAt: null, disputed: false, outcome: 'DEFENDER_WINS' as const, resolvedAt: T + 300 }] };
    expect(rootSettlement(quiet, fpParams, T + 100)).toMatchObject({ status: 'PROPOSED', challenged: false, openChallenge: false, expectedSettledAt: T + 360 });
    expect(rootSettlement(quiet, fpParams, T + 360)).toMatchObject({ status: 'SETTLED', settledAt: T + 360, challenged: false });
    // A RESOLVED event carries the outcome too.
    const evt = { ...unchallenged, events: [{ status: 'RESOLVED', at: T + 301, outcome: 'DEFENDER_WINS' as const }] };
    expect(rootSettlement(evt, fpParams, T + 400)).toMatchObject({ status: 'SETTLED', settledAt: T + 361 });
  });
});

describe('coverage: min over roots with l2BlockNumber ≥ b', () => {
  it('finds the earliest covering value and skips null values', () => {
    const items = [
      { l2: 10, v: 500 },
      { l2: 20, v: 300 },
      { l2: 30, v: null },
      { l2: 40, v: 400 },
    ];
    const c = coverage(items, (x) => x.l2, (x) => x.v);
    expect(c.at(5)?.value).toBe(300);
    expect(c.at(21)?.value).toBe(400);
    expect(c.at(40)?.item.l2).toBe(40);
    expect(c.at(41)).toBeNull();
    expect(c.maxBlock).toBe(40);
  });
});

describe('L2 clock', () => {
  it('is exact at anchors, interpolates between them, and uses the OP genesis formula', () => {
    const c = l2Clock([
      { number: 100, time: 1_000 },
      { number: 200, time: 1_500 },
    ]);
    expect(c.timeOf(100)).toEqual({ time: 1_000, estimated: false });
    expect(c.timeOf(150)).toEqual({ time: 1_250, estimated: true });
    expect(c.timeOf(250)).toBeNull();
    expect(l2Clock([], { l2Block: 10, l2Time: 5_000, blockTime: 2 }).timeOf(15)).toEqual({ time: 5_010, estimated: false });
  });
});

describe('Arbitrum timeline, window figures and heads', () => {
  // Batches every 100 s carrying 10 L2 blocks each (1 block / 10 s); L1 finality 768 s later.
  const batches = Array.from({ length: 6 }, (_, i) =>
    batchFact(10 + i, T + 100 * (i + 1), [i * 10, i * 10 + 9], [T + 100 * i, T + 100 * i + 90], T + 100 * (i + 1) + 768),
  );
  const roots = [
    rootFact({ kind: 'ASSERTION', rootIndex: '0xa1', l2BlockNumber: 19, ref: ref(30, T + 250), mode: 'assertion', events: [{ status: 'CONFIRMED', at: T + 1_450, ref: ref(130, T + 1_450) }] }),
    rootFact({ kind: 'ASSERTION', rootIndex: '0xa2', l2BlockNumber: 39, ref: ref(40, T + 450), mode: 'assertion' }),
  ];
  const now = T + 1_500;
  const ix = finalityIndex(batches, roots, arbParams, now);

  it('gives every stage with its L1 reference', () => {
    const tl = l2BlockTimeline(ix, 15, { time: T + 150, estimated: false }, { lastBatchAt: T + 600, batchIntervalP50: 100, lastRootAt: T + 450, rootIntervalP50: 200 });
    expect(tl).toEqual([
      { stage: 'SEQUENCED', status: 'DONE', at: T + 150, estimated: false, expectedAt: null, ref: null },
      { stage: 'SUBMITTED', status: 'DONE', at: T + 200, estimated: false, expectedAt: null, ref: batches[1].ref },
      { stage: 'L1_FINALIZED', status: 'DONE', at: T + 968, estimated: false, expectedAt: null, ref: batches[1].ref },
      { stage: 'STATE_ROOT_POSTED', status: 'DONE', at: T + 250, estimated: false, expectedAt: null, ref: roots[0].ref },
      { stage: 'PROVEN', status: 'NOT_APPLICABLE', at: null, estimated: false, expectedAt: null, ref: null },
      { stage: 'SETTLED', status: 'DONE', at: T + 1_450, estimated: false, expectedAt: null, ref: ref(130, T + 1_450) },
    ]);
  });

  it('predicts the stages still ahead', () => {
    // Block 45: submitted (batch 4 at T+500) but no root covers it.
    const tl = l2BlockTimeline(ix, 45, { time: T + 450, estimated: false }, { lastBatchAt: T + 600, batchIntervalP50: 100, lastRootAt: T + 450, rootIntervalP50: 200 });
    const by = Object.fromEntries(tl.map((s) => [s.stage, s]));
    expect(by.L1_FINALIZED).toMatchObject({ status: 'DONE', at: T + 1_268 });
    // Next root slot ≥ max(now, t1): T+450 + k·200 ≥ T+1500 → k = 6 → T+1650.
    expect(by.STATE_ROOT_POSTED).toMatchObject({ status: 'PENDING', at: null, expectedAt: T + 1_650 });
    expect(by.SETTLED).toMatchObject({ status: 'PENDING', expectedAt: T + 1_650 + 1_200 });
    // Block 35: covered by the unconfirmed root a2 (posted T+450 → expected T+1650).
    const tl35 = l2BlockTimeline(ix, 35, { time: T + 350, estimated: false }, { lastBatchAt: T + 600, batchIntervalP50: 100, lastRootAt: T + 450, rootIntervalP50: 200 });
    expect(tl35.find((s) => s.stage === 'SETTLED')).toMatchObject({ status: 'PENDING', expectedAt: T + 1_650 });
    // Block 70: not submitted yet; next batch slot T+600 + k·100 ≥ now → T+1500... then finality +768.
    const tl70 = l2BlockTimeline(ix, 70, { time: T + 700, estimated: false }, { lastBatchAt: T + 600, batchIntervalP50: 100, lastRootAt: T + 450, rootIntervalP50: 200 });
    expect(tl70.find((s) => s.stage === 'SUBMITTED')).toMatchObject({ status: 'PENDING', expectedAt: T + 1_500 });
    expect(tl70.find((s) => s.stage === 'L1_FINALIZED')).toMatchObject({ status: 'PENDING', expectedAt: T + 2_268 });
    expect(batchCarrying(batches, 70)).toBeNull();
  });

  it('computes per-stage delay distributions and time-to-settlement VaR/CVaR by hand', () => {
    const w = windowFinality(ix, { from: T, to: T + 1_000 });
    expect(w.samples).toBe(6);
    const st = Object.fromEntries(w.stages.map((s) => [s.stage, s]));
    // SUBMITTED delay = batch time − first block time = 100 for all.
    expect(st.SUBMITTED.delay).toMatchObject({ count: 6, min: 100, max: 100, p50: 100 });
    // L1_FINALIZED: 868 for all batches, but only those finalized by now (T+1500): t2 = T+100(i+1)+768 ≤ T+1500 → i ≤ 6.
    expect(st.L1_FINALIZED.delay).toMatchObject({ count: 6, min: 868, max: 868 });
    // STATE_ROOT_POSTED: blocks 0 (T) and 10 (T+100) → root a1 at T+250: 250, 150; blocks 20, 30 → a2 at T+450: 250, 150; 40, 50 pending.
    expect(st.STATE_ROOT_POSTED.delay).toMatchObject({ count: 4, min: 150, max: 250, avg: 200 });
    expect(st.STATE_ROOT_POSTED.pending).toBe(2);
    // SETTLED: only a1 is confirmed (T+1450): blocks 0 → 1450, 10 → 1350.
    expect(st.SETTLED.delay).toMatchObject({ count: 2, min: 1_350, max: 1_450 });
    expect(st.SETTLED.pending).toBe(4);
    expect(settlementRisk(w, 0.5)).toEqual({ quantile: 0.5, count: 2, valueAtRisk: 1_350, conditionalValueAtRisk: 1_400 });
    expect(st.PROVEN).toBeUndefined();
  });

  it('reports the highest L2 block at each stage', () => {
    expect(stageHeads(ix, 65)).toEqual([
      { stage: 'SEQUENCED', l2Block: 65 },
      { stage: 'SUBMITTED', l2Block: 59 },
      { stage: 'L1_FINALIZED', l2Block: 59 },
      { stage: 'STATE_ROOT_POSTED', l2Block: 39 },
      { stage: 'SETTLED', l2Block: 19 },
    ]);
    const earlier = finalityIndex(batches, roots, arbParams, T + 1_000);
    expect(stageHeads(earlier, null)).toEqual([
      { stage: 'SEQUENCED', l2Block: 59 },
      { stage: 'SUBMITTED', l2Block: 59 },
      { stage: 'L1_FINALIZED', l2Block: 19 }, // batch 1 finalized at T+968
      { stage: 'STATE_ROOT_POSTED', l2Block: 39 },
      { stage: 'SETTLED', l2Block: null },
    ]);
  });
});
