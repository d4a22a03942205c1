/**
 * Finality of L2 blocks: the six stages of DESIGN.md and when each happened (or is expected).
 *
 *   t0 SEQUENCED          the L2 block's timestamp
 *   t1 SUBMITTED          L1 time of the first batch (L1 order) whose L2 range holds b
 *   t2 L1_FINALIZED       when that batch's L1 block became finalized (observed, or estimated
 *                         t1 + 768 s = two epochs of 32 × 12 s slots, flagged)
 *   t3 STATE_ROOT_POSTED  min L1 time of the non-rejected roots (OUTPUT, ASSERTION, ZK_COMMIT,
 *                         STATE_UPDATE) with l2BlockNumber ≥ b
 *   t4 PROVEN             min L1 time of the ZK_PROOF roots with l2BlockNumber ≥ b (validity proofs only)
 *   t5 SETTLED            min settlement time of the non-rejected roots with l2BlockNumber ≥ b,
 *                         a root settling by its mode:
 *     output-timer  (OP L2OutputOracle)  postedAt + finalizationPeriodSeconds (unless deleted)
 *     dispute-game  (OP fault proofs)    max(resolvedAt(DEFENDER_WINS) + disputeGameFinalityDelaySeconds,
 *                                            postedAt + proofMaturityDelaySeconds)
 *     assertion     (Arbitrum)           the CONFIRMED event's L1 time
 *     zk-execute    (ZK_EXECUTE, STATE_UPDATE)  postedAt
 * Before a root settles its expected time is: output-timer as above; dispute-game
 * max(now, lastActivity + maxClockDurationSeconds) + finality delay (lastActivity = posting or the
 * latest move; a lower bound while a challenge runs); assertion max(now, postedAt + challenge period).
 */
import type { RollupParameters } from './parameters.ts';
import { distribution, tailRisk, type Distribution, type TailRisk } from './stats.ts';

export const L1_FINALITY_SECONDS = 2 * 32 * 12;

export type Stage = 'SEQUENCED' | 'SUBMITTED' | 'L1_FINALIZED' | 'STATE_ROOT_POSTED' | 'PROVEN' | 'SETTLED';
export const STAGES: Stage[] = ['SEQUENCED', 'SUBMITTED', 'L1_FINALIZED', 'STATE_ROOT_POSTED', 'PROVEN', 'SETTLED'];

export type RootKind = 'OUTPUT' | 'ASSERTION' | 'ZK_COMMIT' | 'ZK_PROOF' | 'ZK_EXECUTE' | 'STATE_UPDATE';
export type SettlementMode = 'output-timer' | 'dispute-game' | 'assertion' | 'zk-execute' | 'none';
export type Outcome = 'CHALLENGER_WINS' | 'DEFENDER_WINS';

/** Where a fact sits on L1: enough to link to the transaction and to order facts. */
export interface L1Ref {
  chainId: number;
  blockNumber: number;
  blockHash: string;
  txHash: string;
  txIndex: number;
  logIndex: number;
  subIndex: number;
  time: number;
}

export interface BatchFact {
  ref: L1Ref;
  l2BlockStart: number | null;
  l2BlockEnd: number | null;
  l2TimeStart: number | null;
  l2TimeEnd: number | null;
  /** When the batch's L1 block became finalized (null: not known to be finalized). */
  l1FinalizedAt: number | null;
  l1FinalizedEstimated: boolean;
}

export interface RootEventFact {
  status: string;
  at: number;
  ref?: L1Ref;
  /** For RESOLVED: the game's outcome when the event says it. */
  outcome?: Outcome | null;
}

/**
 * A challenge of a root. `disputed`: someone actually disputed (an OP game counts only once it has
 * a move; an Arbitrum challenge always). `resolvedAt` is set once it ended, `outcome` when it named
 * a winner (a CLEARED legacy challenge ends without one).
 */
export interface RootChallengeFact {
  createdAt: number;
  lastMoveAt: number | null;
  disputed: boolean;
  outcome: Outcome | null;
  resolvedAt: number | null;
  resolvedRef?: L1Ref | null;
}

export interface RootFact {
  kind: RootKind;
  rootIndex: string;
  l2BlockNumber: number | null;
  ref: L1Ref;
  mode: SettlementMode;
  events: RootEventFact[];
  challenges: RootChallengeFact[];
}

export interface RootSettlement {
  /** PROPOSED | CHALLENGED | ACCEPTED | SETTLED | REJECTED */
  status: 'PROPOSED' | 'CHALLENGED' | 'ACCEPTED' | 'SETTLED' | 'REJECTED';
  rejectedAt: number | null;
  acceptedAt: number | null;
  settledAt: number | null;
  expectedSettledAt: number | null;
  challenged: boolean;
  openChallenge: boolean;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const REJECTING = new Set(['REJECTED', 'DELETED', 'REVERTED']);
const ACCEPTING = new Set(['CONFIRMED', 'FINALIZED', 'RESOLVED']);
export const POSTING_KINDS = new Set<RootKind>(['OUTPUT', 'ASSERTION', 'ZK_COMMIT', 'STATE_UPDATE']);

/**
 * Settlement mode of a root. OP outputs are dispute games when the rollup has a
 * DisputeGameFactory and either no L2OutputOracle or the root index is a game address.
 */
export function settlementModeOf(kind: string, rootIndex: string, stack: string, contracts: { disputeGameFactory?: unknown; l2OutputOracle?: unknown }): SettlementMode {
  switch (kind) {
    case 'ASSERTION':
      return 'assertion';
    case 'OUTPUT':
      if (stack !== 'opstack') return 'output-timer';
      if (contracts.disputeGameFactory && (!contracts.l2OutputOracle || ADDRESS.test(rootIndex))) return 'dispute-game';
      return 'output-timer';
    case 'ZK_EXECUTE':
    case 'STATE_UPDATE':
      return 'zk-execute';
    default:
      return 'none';
  }
}

/** A root's status and settlement as of `now` (events after `now` are ignored). */
export function rootSettlement(root: RootFact, p: RollupParameters, now: number): RootSettlement {
  const posted = root.ref.time;
  const events = root.events.filter((e) => e.at <= now).sort((a, b) => a.at - b.at);
  const challenges = root.challenges.filter((c) => c.createdAt <= now);
  const resolved = (c: RootChallengeFact) => c.resolvedAt !== null && c.resolvedAt <= now;
  const outcomeOf = (c: RootChallengeFact) => (resolved(c) ? c.outcome : null);
  const challenged = challenges.some((c) => c.disputed) || events.some((e) => e.status === 'CHALLENGED');
  const openChallenge = challenges.some((c) => c.disputed && !resolved(c));

  let rejectedAt: number | null = null;
  let acceptedAt: number | null = null;
  for (const e of events) {
    const outcome = e.status === 'RESOLVED' ? (e.outcome ?? challenges.map(outcomeOf).find((o) => o) ?? 'DEFENDER_WINS') : null;
    if (REJECTING.has(e.status) || outcome === 'CHALLENGER_WINS') rejectedAt ??= e.at;
    else if (ACCEPTING.has(e.status)) acceptedAt ??= e.at;
  }
  if (root.mode === 'dispute-game') {
    for (const c of challenges) {
      const o = outcomeOf(c);
      if (o === 'CHALLENGER_WINS') rejectedAt = Math.min(rejectedAt ?? Infinity, c.resolvedAt!);
      if (o === 'DEFENDER_WINS') acceptedAt = Math.min(acceptedAt ?? Infinity, c.resolvedAt!);
    }
  }
  const base = { rejectedAt: null as number | null, acceptedAt, challenged, openChallenge };
  if (rejectedAt !== null) return { ...base, status: 'REJECTED', rejectedAt, settledAt: null, expectedSettledAt: null };

  let settleAt: number | null = null;
  let expected: number | null = null;
  switch (root.mode) {
    case 'output-timer':
      settleAt = posted + (p.finalizationPeriodSeconds ?? p.withdrawalDelaySeconds);
      expected = settleAt;
      break;
    case 'dispute-game': {
      const maturity = posted + (p.proofMaturityDelaySeconds ?? 0);
      const delay = p.disputeGameFinalityDelaySeconds ?? 0;
      if (acceptedAt !== null) settleAt = expected = Math.max(acceptedAt + delay, maturity);
      else {
        const lastMove = Math.max(posted, ...challenges.filter((c) => c.disputed).map((c) => Math.max(c.createdAt, c.lastMoveAt ?? 0)));
        expected = Math.max(Math.max(now, lastMove + (p.maxClockDurationSeconds ?? p.challengePeriodSeconds)) + delay, maturity);
      }
      break;
    }
    case 'assertion':
      if (acceptedAt !== null) settleAt = expected = acceptedAt;
      else expected = Math.max(now, posted + p.challengePeriodSeconds);
      break;
    case 'zk-execute':
      settleAt = expected = posted;
      break;
    case 'none':
      break;
  }
  const settledAt = settleAt !== null && settleAt <= now ? settleAt : null;
  const status = settledAt !== null ? 'SETTLED' : acceptedAt !== null ? 'ACCEPTED' : openChallenge || challenged ? 'CHALLENGED' : 'PROPOSED';
  return { ...base, status, settledAt, expectedSettledAt: settledAt !== null ? settledAt : expected };
}

/**
 * "Min over roots covering b" in O(log n): roots sorted by l2BlockNumber with suffix minima.
 * `value` null means the root does not take part (e.g. rejected, or not settled).
 */
export interface Coverage<T> {
  /** The covering item with the smallest value, and that value. */
  at(b: number): { value: number; item: T } | null;
  /** Highest l2BlockNumber among items with a value. */
  maxBlock: number | null;
}

export function coverage<T>(items: readonly T[], l2Of: (t: T) => number | null, valueOf: (t: T) => number | null): Coverage<T> {
  const rows = items
    .map((item) => ({ item, l2: l2Of(item), value: valueOf(item) }))
    .filter((r): r is { item: T; l2: number; value: number } => r.l2 !== null && r.value !== null)
    .sort((a, b) => a.l2 - b.l2);
  const best: number[] = new Array(rows.length);
  for (let i = rows.length - 1; i >= 0; i--) {
    best[i] = i + 1 < rows.length && rows[best[i + 1]].value <= rows[i].value ? best[i + 1] : i;
  }
  return {
    at(b) {
      let lo = 0;
      let hi = rows.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (rows[mid].l2 >= b) hi = mid;
        else lo = mid + 1;
      }
      if (lo === rows.length) return null;
      const r = rows[best[lo]];
      return { value: r.value, item: r.item };
    },
    maxBlock: rows.length ? rows[rows.length - 1].l2 : null,
  };
}

/** Time of L2 blocks from anchors (exact) with linear interpolation between them (estimated). */
export interface L2Clock {
  timeOf(b: number): { time: number; estimated: boolean } | null;
}

export function l2Clock(anchors: readonly { number: number; time: number }[], genesis?: { l2Block: number; l2Time: number; blockTime: number }): L2Clock {
  const sorted = [...anchors].sort((a, b) => a.number - b.number);
  return {
    timeOf(b) {
      if (genesis && b >= genesis.l2Block) return { time: genesis.l2Time + (b - genesis.l2Block) * genesis.blockTime, estimated: false };
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid].number >= b) hi = mid;
        else lo = mid + 1;
      }
      if (lo < sorted.length && sorted[lo].number === b) return { time: sorted[lo].time, estimated: false };
      if (lo === 0 || lo === sorted.length) return null;
      const a = sorted[lo - 1];
      const c = sorted[lo];
      return { time: Math.round(a.time + ((c.time - a.time) * (b - a.number)) / (c.number - a.number)), estimated: true };
    },
  };
}

/** The covering structures a timeline or a window needs, built once from facts. */
export interface FinalityIndex {
  batches: BatchFact[];
  roots: RootFact[];
  settlements: Map<RootFact, RootSettlement>;
  posted: Coverage<RootFact>;
  proven: Coverage<RootFact>;
  settled: Coverage<RootFact>;
  expectedSettled: Coverage<RootFact>;
  now: number;
  params: RollupParameters;
}

export function finalityIndex(batches: BatchFact[], roots: RootFact[], params: RollupParameters, now: number): FinalityIndex {
  const settlements = new Map(roots.map((r) => [r, rootSettlement(r, params, now)]));
  const live = (r: RootFact) => settlements.get(r)!.status !== 'REJECTED';
  const visible = (r: RootFact) => r.ref.time <= now;
  return {
    batches,
    roots,
    settlements,
    posted: coverage(roots, (r) => r.l2BlockNumber, (r) => (POSTING_KINDS.has(r.kind) && visible(r) && live(r) ? r.ref.time : null)),
    proven: coverage(roots, (r) => r.l2BlockNumber, (r) => (r.kind === 'ZK_PROOF' && visible(r) && live(r) ? r.ref.time : null)),
    settled: coverage(roots, (r) => r.l2BlockNumber, (r) => (visible(r) ? settlements.get(r)!.settledAt : null)),
    expectedSettled: coverage(roots, (r) => r.l2BlockNumber, (r) => (visible(r) && live(r) ? settlements.get(r)!.expectedSettledAt : null)),
    now,
    params,
  };
}

/** The batch carrying L2 block b: first in L1 order whose range holds b. `batches` in L1 order. */
export function batchCarrying(batches: readonly BatchFact[], b: number): BatchFact | null {
  for (const x of batches) {
    if (x.l2BlockStart !== null && x.l2BlockEnd !== null && x.l2BlockStart <= b && b <= x.l2BlockEnd) return x;
  }
  return null;
}

export interface TimelineStage {
  stage: Stage;
  status: 'DONE' | 'PENDING' | 'NOT_APPLICABLE';
  at: number | null;
  estimated: boolean;
  expectedAt: number | null;
  ref: L1Ref | null;
}

/** What the timeline uses to predict stages still ahead. */
export interface Expectations {
  lastBatchAt: number | null;
  batchIntervalP50: number | null;
  lastRootAt: number | null;
  rootIntervalP50: number | null;
  lastProofAt?: number | null;
  proofIntervalP50?: number | null;
}

/** Next time ≥ after on the grid last + k·step (k ≥ 1); null when unknown. */
function nextSlot(last: number | null, step: number | null, after: number): number | null {
  if (last === null || step === null || step <= 0) return null;
  if (after <= last) return last + step;
  return last + Math.ceil((after - last) / step) * step;
}

/**
 * The six stages of L2 block b (t0 from the L2 clock). Expected times of stages ahead:
 * SUBMITTED next batch slot lastBatch + k·p50(batch interval) ≥ now; L1_FINALIZED t1 + 768 s;
 * STATE_ROOT_POSTED next root slot ≥ max(t1, now); PROVEN likewise with proofs; SETTLED the
 * earliest expected settlement of a covering root, else expected t3 + withdrawal delay.
 */
export function l2BlockTimeline(ix: FinalityIndex, b: number, t0: { time: number; estimated: boolean } | null, exp: Expectations, carrying?: BatchFact | null): TimelineStage[] {
  const now = ix.now;
  const out: TimelineStage[] = [];
  out.push({ stage: 'SEQUENCED', status: t0 ? 'DONE' : 'PENDING', at: t0?.time ?? null, estimated: t0?.estimated ?? false, expectedAt: null, ref: null });

  const batch = carrying === undefined ? batchCarrying(ix.batches, b) : carrying;
  const t1 = batch && batch.ref.time <= now ? batch.ref.time : null;
  const t1Expected = t1 ?? nextSlot(exp.lastBatchAt, exp.batchIntervalP50, now);
  out.push({ stage: 'SUBMITTED', status: t1 !== null ? 'DONE' : 'PENDING', at: t1, estimated: false, expectedAt: t1 === null ? t1Expected : null, ref: t1 !== null ? batch!.ref : null });

  const fin = batch && t1 !== null && batch.l1FinalizedAt !== null && batch.l1FinalizedAt <= now ? batch.l1FinalizedAt : null;
  out.push({
    stage: 'L1_FINALIZED',
    status: fin !== null ? 'DONE' : 'PENDING',
    at: fin,
    estimated: fin !== null && batch!.l1FinalizedEstimated,
    expectedAt: fin === null && t1Expected !== null ? Math.max(now, t1Expected + L1_FINALITY_SECONDS) : null,
    ref: fin !== null ? batch!.ref : null,
  });

  const posted = ix.posted.at(b);
  const t3 = posted ? posted.value : null;
  const t3Expected = t3 ?? nextSlot(exp.lastRootAt, exp.rootIntervalP50, Math.max(now, t1Expected ?? now));
  out.push({ stage: 'STATE_ROOT_POSTED', status: t3 !== null ? 'DONE' : 'PENDING', at: t3, estimated: false, expectedAt: t3 === null ? t3Expected : null, ref: posted ? posted.item.ref : null });

  if (ix.params.proofSystem === 'VALIDITY_PROOFS') {
    const proven = ix.proven.at(b);
    const t4 = proven ? proven.value : null;
    out.push({
      stage: 'PROVEN',
      status: t4 !== null ? 'DONE' : 'PENDING',
      at: t4,
      estimated: false,
      expectedAt: t4 === null ? nextSlot(exp.lastProofAt ?? null, exp.proofIntervalP50 ?? null, Math.max(now, t3Expected ?? now)) : null,
      ref: proven ? proven.item.ref : null,
    });
  } else {
    out.push({ stage: 'PROVEN', status: 'NOT_APPLICABLE', at: null, estimated: false, expectedAt: null, ref: null });
  }

  const settled = ix.settled.at(b);
  let expected: number | null = null;
  if (!settled) {
    const e = ix.expectedSettled.at(b);
    expected = e ? e.value : t3Expected !== null ? t3Expected + ix.params.withdrawalDelaySeconds : null;
  }
  // A settled root's L1 reference is its acceptance (event or winning resolution), else its posting.
  let ref: L1Ref | null = null;
  if (settled) {
    const acc = settled.item.events.find((e) => ACCEPTING.has(e.status) && e.ref);
    const won = settled.item.challenges.find((c) => c.outcome === 'DEFENDER_WINS' && c.resolvedRef);
    ref = acc?.ref ?? won?.resolvedRef ?? settled.item.ref;
  }
  out.push({ stage: 'SETTLED', status: settled ? 'DONE' : 'PENDING', at: settled ? settled.value : null, estimated: false, expectedAt: expected, ref });
  return out;
}

export interface StageStats {
  stage: Stage;
  /** Delay from t0 to the stage, over the window's samples that reached it by now. */
  delay: Distribution;
  /** Samples that have not reached the stage yet. */
  pending: number;
}

export interface WindowFinality {
  samples: number;
  stages: StageStats[];
  settlementDelays: number[];
}

/**
 * Window figures: one sample per batch with L1 time in [from, to) and a known first L2 block; the
 * sample is the batch's first L2 block (the one that waited longest), t0 = l2TimeStart, and each
 * stage's delay is its time minus t0. Time-to-settlement risk uses the SETTLED delays.
 */
export function windowFinality(ix: FinalityIndex, { from, to }: { from: number; to: number }): WindowFinality {
  const delays: Record<Stage, number[]> = { SEQUENCED: [], SUBMITTED: [], L1_FINALIZED: [], STATE_ROOT_POSTED: [], PROVEN: [], SETTLED: [] };
  const pending: Record<Stage, number> = { SEQUENCED: 0, SUBMITTED: 0, L1_FINALIZED: 0, STATE_ROOT_POSTED: 0, PROVEN: 0, SETTLED: 0 };
  let samples = 0;
  for (const x of ix.batches) {
    if (x.ref.time < from || x.ref.time >= to || x.ref.time > ix.now || x.l2BlockStart === null || x.l2TimeStart === null) continue;
    samples++;
    const t0 = x.l2TimeStart;
    const b = x.l2BlockStart;
    const add = (s: Stage, t: number | null) => (t !== null && t <= ix.now ? delays[s].push(t - t0) : pending[s]++);
    add('SEQUENCED', t0);
    add('SUBMITTED', x.ref.time);
    add('L1_FINALIZED', x.l1FinalizedAt);
    add('STATE_ROOT_POSTED', ix.posted.at(b)?.value ?? null);
    if (ix.params.proofSystem === 'VALIDITY_PROOFS') add('PROVEN', ix.proven.at(b)?.value ?? null);
    add('SETTLED', ix.settled.at(b)?.value ?? null);
  }
  const stages = (Object.keys(delays) as Stage[])
    .filter((s) => s !== 'PROVEN' || ix.params.proofSystem === 'VALIDITY_PROOFS')
    .map((stage) => ({ stage, delay: distribution(delays[stage]), pending: pending[stage] }));
  return { samples, stages, settlementDelays: delays.SETTLED };
}

export function settlementRisk(w: WindowFinality, q: number): TailRisk {
  return tailRisk(w.settlementDelays, q);
}

export interface StageHead {
  stage: Stage;
  l2Block: number | null;
}

/** Highest L2 block that reached each stage by now. `sequencedHead` from l2_blocks / the L2 clock when known. */
export function stageHeads(ix: FinalityIndex, sequencedHead: number | null): StageHead[] {
  let submitted: number | null = null;
  let finalized: number | null = null;
  for (const x of ix.batches) {
    if (x.l2BlockEnd === null || x.ref.time > ix.now) continue;
    submitted = Math.max(submitted ?? -1, x.l2BlockEnd);
    if (x.l1FinalizedAt !== null && x.l1FinalizedAt <= ix.now) finalized = Math.max(finalized ?? -1, x.l2BlockEnd);
  }
  const heads: StageHead[] = [
    { stage: 'SEQUENCED', l2Block: Math.max(sequencedHead ?? -1, submitted ?? -1) < 0 ? null : Math.max(sequencedHead ?? -1, submitted ?? -1) },
    { stage: 'SUBMITTED', l2Block: submitted },
    { stage: 'L1_FINALIZED', l2Block: finalized },
    { stage: 'STATE_ROOT_POSTED', l2Block: ix.posted.maxBlock },
  ];
  if (ix.params.proofSystem === 'VALIDITY_PROOFS') heads.push({ stage: 'PROVEN', l2Block: ix.proven.maxBlock });
  heads.push({ stage: 'SETTLED', l2Block: ix.settled.maxBlock });
  return heads;
}
