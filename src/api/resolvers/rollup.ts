/**
 * Rollup fields: parameters, finality, censorship, DA, liveness, health, sequencer uptime and the
 * lists. The poll-path fields (health, sequencerUptime, censorship's queue, finality heads) read the
 * precomputed snapshot only; window figures read the facts of the window.
 */
import { inclusionLatency, inclusions, type DelayedReadPoint } from '../../metrics/censorship.ts';
import { finalityIndex, windowFinality, type Stage } from '../../metrics/finality.ts';
import { evaluateHealth, sequencerUptime } from '../../metrics/health.ts';
import { detectAnomalies, isAnomalous, summarizeLiveness, type LivenessAnomaly, ANOMALY_WINDOW_SECONDS, DAY } from '../../metrics/liveness.ts';
import {
  forcedSelect,
  loadBatches,
  loadDelayedReadPoints,
  loadProcessedBefore,
  loadRoots,
  loadSubmissionTimes,
  num,
  toForced,
  type RollupRecord,
} from '../../metrics/load.ts';
import type { RollupParameters } from '../../metrics/parameters.ts';
import { computeSnapshot, forcedDepthAt, healthInputs, pendingAt, rollupHealth, settledHeadAt, type HeadPoint, type PollRow, type SnapshotData } from '../../metrics/snapshot.ts';
import { tailRisk } from '../../metrics/stats.ts';
import { resolveWindow, WindowError, type Window, type WindowPreset } from '../../metrics/window.ts';
import type { ApiContext } from '../context.ts';
import { unknownRollup, userError } from '../errors.ts';
import { batchesPage, bridgeMessagesPage, challengesPage, forcedNodeSelect, forcedMessagesPage, healthHistoryPage, stateRootsPage, toForcedNode, type PageArgs } from './connections.ts';
import { gqlReason, gqlRef } from './nodes.ts';
import { refKey } from '../context.ts';
import { rootSelect, toRootRecord, attachRootDetails } from '../../metrics/load.ts';

type WindowArg = { window?: { last?: WindowPreset | null; from?: number | null; to?: number | null } | null };

export async function pollRowOf(ctx: ApiContext, id: string): Promise<PollRow> {
  const row = await ctx.loaders.poll.load(id);
  if (!row) throw unknownRollup(id);
  return row;
}

const computed = new WeakMap<PollRow, Promise<SnapshotData>>();

/** The stored snapshot, or one computed now (not stored) when the ingest never refreshed it. */
export async function snapshotOf(ctx: ApiContext, id: string): Promise<SnapshotData> {
  const row = await pollRowOf(ctx, id);
  if (row.snapshot) return row.snapshot;
  let p = computed.get(row);
  if (!p) {
    p = (async () => computeSnapshot(ctx.db, row.rollup, { now: await ctx.now() }))();
    computed.set(row, p);
  }
  return p;
}

export async function windowOf(ctx: ApiContext, args: WindowArg): Promise<Window> {
  try {
    return resolveWindow(args.window, await ctx.now());
  } catch (e) {
    if (e instanceof WindowError) throw userError('BAD_WINDOW', e.message, e.details);
    throw e;
  }
}

export const gqlWindow = (w: Window) => ({ from: w.from, to: w.to, fromSeconds: w.from, toSeconds: w.to, preset: w.preset });
const gqlDist = (d: { count: number; min: number | null; avg: number | null; p50: number | null; p90: number | null; p99: number | null; max: number | null }) => d;

async function health(ctx: ApiContext, id: string) {
  const row = await pollRowOf(ctx, id);
  const now = await ctx.now();
  const snapshot = await snapshotOf(ctx, id);
  const inputs = healthInputs({ ...row, snapshot }, now);
  return { row, now, inputs, health: rollupHealth({ ...row, snapshot }, now, ctx.options.thresholds) };
}

const anomalyOut = (kind: string) => (a: LivenessAnomaly) => ({
  kind,
  start: a.start,
  startSeconds: a.start,
  end: a.end,
  endSeconds: a.end,
  durationSeconds: a.duration,
  meanSeconds: a.mean,
  stdDevSeconds: a.std,
  zScore: Number.isFinite(a.z) ? a.z : null,
  open: a.open,
});

async function livenessKind(ctx: ApiContext, rollupId: string, kind: 'BATCH' | 'STATE_ROOT' | 'PROOF', w: Window) {
  const now = await ctx.now();
  const times = await loadSubmissionTimes(ctx.db, rollupId, kind, w.from - ANOMALY_WINDOW_SECONDS, Math.min(w.to, now + 1));
  const summary = summarizeLiveness(times, { from: w.from, to: w.to, now });
  const { anomalies, openGap } = detectAnomalies(times, { from: w.from, to: w.to, now: w.to >= now ? now : undefined });
  return {
    kind,
    submissions: summary.submissions,
    intervals: gqlDist(summary.intervals),
    lastSubmittedAt: summary.last,
    lastSubmittedAtSeconds: summary.last,
    secondsSinceLast: summary.secondsSinceLast,
    anomalies: anomalies.map(anomalyOut(kind)),
    openGap: openGap ? anomalyOut(kind)(openGap) : null,
    openGapAnomalous: isAnomalous(openGap),
  };
}

const forcedPathEnum = { 'delayed-read': 'DELAYED_READ', 'priority-executed': 'PRIORITY_EXECUTED', 'sequencing-window': 'SEQUENCING_WINDOW', none: 'NONE' } as const;

function parametersOut(p: RollupParameters) {
  return { ...p, origins: Object.entries(p.origins).map(([name, o]) => ({ name, ...o })) };
}

export const rollupResolvers = {
  Rollup: {
    stack: (r: RollupRecord) => r.stack.toUpperCase(),
    startBlock: (r: RollupRecord) => (r.definition as { startBlock: number }).startBlock,
    parameters: async (r: RollupRecord, _: unknown, ctx: ApiContext) => parametersOut(await ctx.loaders.params.load(r.id)),

    health: async (r: RollupRecord, _: unknown, ctx: ApiContext) => {
      const { row, health: h } = await health(ctx, r.id);
      return { ...h, sinceSeconds: h.since, evaluatedAtSeconds: h.evaluatedAt, reasons: h.reasons.map(gqlReason), snapshotVersion: row.version };
    },

    sequencerUptime: async (r: RollupRecord, { gracePeriodSeconds }: { gracePeriodSeconds?: number }, ctx: ApiContext) => {
      const grace = gracePeriodSeconds ?? 3600;
      if (!Number.isInteger(grace) || grace < 0) throw userError('BAD_ARGUMENT', `gracePeriodSeconds must be a non-negative integer, got ${grace}`);
      const { now, inputs } = await health(ctx, r.id);
      // The sequencer feed reflects operations only: governance reasons (a paused bridge) are not a sequencer outage.
      const u = sequencerUptime(evaluateHealth(inputs, now, ctx.options.thresholds), inputs, now, grace, ctx.options.thresholds);
      return { ...u, up: u.answer === 0, startedAtSeconds: u.startedAt, gracePeriodPassed: now - u.startedAt > grace };
    },

    latest: async (r: RollupRecord, _: unknown, ctx: ApiContext) => {
      const row = await pollRowOf(ctx, r.id);
      const s = await snapshotOf(ctx, r.id);
      const now = await ctx.now();
      const b = s.batches.last;
      const root = s.stateRoots.last;
      return {
        batch: b ? { number: b.batchNumber, l1: gqlRef(b.ref), dataLocation: b.dataLocation, l2BlockEnd: b.l2BlockEnd, ageSeconds: Math.max(0, now - b.ref.time) } : null,
        stateRoot: root
          ? { kind: root.kind, index: root.rootIndex, root: root.root, l2BlockNumber: root.l2BlockNumber, l1: gqlRef(root.ref), status: root.status, challenged: root.challenged, ageSeconds: Math.max(0, now - root.ref.time) }
          : null,
        openChallenges: s.challenges.openCount,
        latestStateRootChallenged: Boolean(root?.challenged),
        snapshotVersion: row.version,
      };
    },

    finality: async (r: RollupRecord, args: WindowArg, ctx: ApiContext): Promise<FinalityParent> => ({ rollup: r, window: await windowOf(ctx, args) }),

    censorship: async (r: RollupRecord, args: WindowArg, ctx: ApiContext): Promise<CensorshipParent> => ({ rollup: r, window: await windowOf(ctx, args) }),

    da: async (r: RollupRecord, args: WindowArg, ctx: ApiContext) => {
      const w = await windowOf(ctx, args);
      const rows = await ctx.db.query(
        `select data_location, count(*) as n, coalesce(sum(bytes_posted), 0)::text as bytes, coalesce(sum(blob_count), 0) as blobs,
           coalesce(sum(coalesce(blob_gas_used, blob_count * 131072)), 0)::text as blob_gas,
           coalesce(sum(execution_fee), 0)::text as exec, coalesce(sum(blob_fee), 0)::text as blob_fee
         from sequencer_batches where rollup_id = $1 and block_time >= $2 and block_time < $3 group by data_location order by data_location`,
        [r.id, w.from, w.to],
      );
      const totals = (dataLocation: string | null, list: Record<string, unknown>[]) => {
        const sum = (k: string) => list.reduce((a, x) => a + BigInt(String(x[k])), 0n);
        const bytes = sum('bytes');
        const exec = sum('exec');
        const blob = sum('blob_fee');
        return {
          dataLocation,
          batches: list.reduce((a, x) => a + num(x.n), 0),
          bytesPosted: bytes,
          blobs: list.reduce((a, x) => a + num(x.blobs), 0),
          blobGasUsed: sum('blob_gas'),
          executionFeeWei: exec,
          blobFeeWei: blob,
          totalFeeWei: exec + blob,
          feePerByteWei: bytes > 0n ? (exec + blob) / bytes : null,
        };
      };
      return { window: gqlWindow(w), total: totals(null, rows), byLocation: rows.map((x) => totals(String(x.data_location), [x])) };
    },

    liveness: async (r: RollupRecord, args: WindowArg, ctx: ApiContext) => ({ rollupId: r.id, window: await windowOf(ctx, args) }),

    batches: (r: RollupRecord, args: PageArgs, ctx: ApiContext) => batchesPage(ctx.db, r, args),
    stateRoots: (r: RollupRecord, args: PageArgs & { kind?: string }, ctx: ApiContext) => stateRootsPage(ctx.db, r, args),
    challenges: (r: RollupRecord, args: PageArgs & { state?: 'OPEN' | 'RESOLVED' }, ctx: ApiContext) => challengesPage(ctx.db, r, args),
    bridgeMessages: (r: RollupRecord, args: PageArgs & { direction?: string }, ctx: ApiContext) => bridgeMessagesPage(ctx.db, r, args),
    forcedMessages: async (r: RollupRecord, args: PageArgs & { pendingOnly?: boolean }, ctx: ApiContext) => {
      const s = await snapshotOf(ctx, r.id);
      return forcedMessagesPage(ctx.db, r, await ctx.loaders.params.load(r.id), await ctx.now(), args, s.forced.processed);
    },
    healthHistory: (r: RollupRecord, args: { first?: number; after?: string }, ctx: ApiContext) => healthHistoryPage(ctx.db, r.id, args),
  },

  Finality: {
    window: (f: FinalityParent) => gqlWindow(f.window),
    samples: async (f: FinalityParent, _: unknown, ctx: ApiContext) => (await finalityData(ctx, f)).samples,
    stages: async (f: FinalityParent, _: unknown, ctx: ApiContext) =>
      (await finalityData(ctx, f)).stages.map((st) => ({ stage: st.stage, delay: gqlDist(st.delay), pending: st.pending })),
    heads: async (f: FinalityParent, _: unknown, ctx: ApiContext) => stageHeadsOut(ctx, f.rollup, await snapshotOf(ctx, f.rollup.id), await ctx.now()),
    timeToSettlementRisk: async (f: FinalityParent, { quantile }: { quantile?: number }, ctx: ApiContext) => {
      const q = quantile ?? 0.99;
      if (!(q > 0 && q < 1)) throw userError('BAD_QUANTILE', `quantile must be strictly between 0 and 1, got ${q}`, { quantile: q });
      const t = tailRisk((await finalityData(ctx, f)).settlementDelays, q);
      return { quantile: q, count: t.count, valueAtRiskSeconds: t.valueAtRisk, conditionalValueAtRiskSeconds: t.conditionalValueAtRisk };
    },
    latestStateRoot: async (f: FinalityParent, _: unknown, ctx: ApiContext) => {
      const ref = (await snapshotOf(ctx, f.rollup.id)).stateRoots.last?.ref;
      if (!ref) return null;
      const rows = await ctx.db.query(
        `${rootSelect} where r.rollup_id = $1 and r.chain_id = $2 and r.block_number = $3 and r.tx_index = $4 and r.log_index = $5 and r.sub_index = $6`,
        [f.rollup.id, ref.chainId, ref.blockNumber, ref.txIndex, ref.logIndex, ref.subIndex],
      );
      const roots = await attachRootDetails(ctx.db, f.rollup, rows.map((x) => toRootRecord(x, f.rollup)));
      return roots[0] ?? null;
    },
  },

  Censorship: {
    window: (c: CensorshipParent) => gqlWindow(c.window),
    forcedPath: async (c: CensorshipParent, _: unknown, ctx: ApiContext) => forcedPathEnum[(await ctx.loaders.params.load(c.rollup.id)).forcedPath],
    forceInclusionWindowSeconds: async (c: CensorshipParent, _: unknown, ctx: ApiContext) => (await ctx.loaders.params.load(c.rollup.id)).forceInclusionWindowSeconds,
    forceInclusionWindowBlocks: async (c: CensorshipParent, _: unknown, ctx: ApiContext) => (await ctx.loaders.params.load(c.rollup.id)).forceInclusionWindowBlocks,
    processedCount: async (c: CensorshipParent, _: unknown, ctx: ApiContext) => {
      const s = await snapshotOf(ctx, c.rollup.id);
      return s.forced.path === 'delayed-read' || s.forced.path === 'priority-executed' ? s.forced.processed : null;
    },
    queueDepth: async (c: CensorshipParent, _: unknown, ctx: ApiContext) => forcedDepthAt(await snapshotOf(ctx, c.rollup.id), await ctx.now()),
    oldestUnprocessed: async (c: CensorshipParent, _: unknown, ctx: ApiContext) => {
      const { oldest, now } = await queueNow(ctx, c);
      if (!oldest) return null;
      const p = await ctx.loaders.params.load(c.rollup.id);
      const [row] = await ctx.db.query(`${forcedNodeSelect(p)} where f.rollup_id = $1 and f.queue_index = $2::numeric order by f.block_number desc limit 1`, [c.rollup.id, oldest.queueIndex]);
      return row ? toForcedNode(row, p, now) : null;
    },
    oldestUnprocessedAgeSeconds: async (c: CensorshipParent, _: unknown, ctx: ApiContext) => {
      const { oldest, now } = await queueNow(ctx, c);
      return oldest ? now - oldest.enqueuedAt : null;
    },
    pastWindow: async (c: CensorshipParent, _: unknown, ctx: ApiContext) => (await queueNow(ctx, c)).pastWindow,
    forceable: async (c: CensorshipParent, _: unknown, ctx: ApiContext) => {
      const q = await queueNow(ctx, c);
      return q.pastWindow && (await snapshotOf(ctx, c.rollup.id)).forced.path !== 'none';
    },
    inclusionLatency: async (c: CensorshipParent, _: unknown, ctx: ApiContext) => (await censorshipData(ctx, c)).inclusionLatency,
    enqueued: async (c: CensorshipParent, _: unknown, ctx: ApiContext) => (await censorshipData(ctx, c)).enqueued,
    forceInclusions: async (c: CensorshipParent, _: unknown, ctx: ApiContext) => (await censorshipData(ctx, c)).forceInclusions,
    lastForceInclusion: async (c: CensorshipParent, _: unknown, ctx: ApiContext) => {
      const ref = (await snapshotOf(ctx, c.rollup.id)).forced.lastForceInclusion;
      return ref ? ctx.loaders.batchAt.load(refKey(ref)) : null;
    },
  },

  Liveness: {
    window: (l: { window: Window }) => gqlWindow(l.window),
    batches: (l: { rollupId: string; window: Window }, _: unknown, ctx: ApiContext) => livenessKind(ctx, l.rollupId, 'BATCH', l.window),
    stateRoots: (l: { rollupId: string; window: Window }, _: unknown, ctx: ApiContext) => livenessKind(ctx, l.rollupId, 'STATE_ROOT', l.window),
    proofs: (l: { rollupId: string; window: Window }, _: unknown, ctx: ApiContext) => livenessKind(ctx, l.rollupId, 'PROOF', l.window),
  },
};

interface FinalityParent {
  rollup: RollupRecord;
  window: Window;
  data?: Promise<ReturnType<typeof windowFinality>>;
}

interface CensorshipParent {
  rollup: RollupRecord;
  window: Window;
  data?: Promise<{ inclusionLatency: ReturnType<typeof gqlDist>; enqueued: number; forceInclusions: number }>;
}

/** Window figures of finality, computed once per parent object. */
function finalityData(ctx: ApiContext, f: FinalityParent): NonNullable<FinalityParent['data']> {
  f.data ??= (async () => {
    const w = f.window;
    const now = await ctx.now();
    const p = await ctx.loaders.params.load(f.rollup.id);
    const [batches, roots] = await Promise.all([
      loadBatches(ctx.db, f.rollup.id, { from: w.from, to: Math.min(w.to, now + 1) }),
      loadRoots(ctx.db, f.rollup, { from: w.from - DAY, to: now + 1 }),
    ]);
    return windowFinality(finalityIndex(batches, roots, p, now), w);
  })();
  return f.data;
}

async function queueNow(ctx: ApiContext, c: CensorshipParent) {
  const s = await snapshotOf(ctx, c.rollup.id);
  const now = await ctx.now();
  const oldest = pendingAt(s, now)[0] ?? null;
  return { oldest, now, pastWindow: Boolean(oldest && oldest.deadline !== null && now >= oldest.deadline) };
}

/** Forced-message inclusion over the window: messages enqueued in [from, to), forced-path points from `from` on. */
function censorshipData(ctx: ApiContext, c: CensorshipParent): NonNullable<CensorshipParent['data']> {
  c.data ??= (async () => {
    const w = c.window;
    const now = await ctx.now();
    const p = await ctx.loaders.params.load(c.rollup.id);
    const id = c.rollup.id;
    const msgRows = await ctx.db.query(`${forcedSelect} where f.rollup_id = $1 and f.block_time >= $2 and f.block_time < $3 order by f.queue_index`, [id, w.from, w.to]);
    const msgs = msgRows.map((m) => toForced(m, p));
    let points: DelayedReadPoint[] = [];
    if (p.forcedPath === 'sequencing-window') points = await loadDelayedReadPoints(ctx.db, id, p, w.from);
    else if (p.forcedPath !== 'none' && msgs.length > 0) {
      const before = await loadProcessedBefore(ctx.db, id, p, w.from);
      points = [{ time: w.from, delayedMessagesRead: before, forced: false }, ...(await loadDelayedReadPoints(ctx.db, id, p, w.from))];
    }
    const incl =
      p.forcedPath === 'none'
        ? msgs.map(() => ({ includedAt: null, pointIndex: null, forced: false }))
        : inclusions(msgs, points, p.forcedPath === 'sequencing-window' ? 'sequencing-window' : 'delayed-read', now);
    const [forcedBatches] = await ctx.db.query(`select count(*) as n from sequencer_batches where rollup_id = $1 and forced and block_time >= $2 and block_time < $3`, [id, w.from, w.to]);
    const byWindowRule = p.forcedPath === 'sequencing-window' ? incl.filter((x) => x.forced && x.pointIndex === null && x.includedAt! >= w.from && x.includedAt! < w.to).length : 0;
    return {
      inclusionLatency: gqlDist(inclusionLatency(msgs, incl, { from: w.from, to: w.to, now })),
      enqueued: msgs.length,
      forceInclusions: num(forcedBatches.n) + byWindowRule,
    };
  })();
  return c.data;
}

/** Stage heads now, from the snapshot only (no query): the poll reads them. */
export async function stageHeadsOut(_ctx: ApiContext, r: RollupRecord, s: SnapshotData, now: number) {
  const sequenced = sequencedHeadOf(r, s, now);
  const heads: { stage: Stage; point: HeadPoint | null }[] = [
    { stage: 'SEQUENCED', point: sequenced },
    { stage: 'SUBMITTED', point: s.heads.submitted },
    { stage: 'L1_FINALIZED', point: s.heads.l1Finalized },
    { stage: 'STATE_ROOT_POSTED', point: s.heads.stateRootPosted },
  ];
  if (s.parameters.proofSystem === 'VALIDITY_PROOFS') heads.push({ stage: 'PROVEN', point: s.heads.proven });
  heads.push({ stage: 'SETTLED', point: settledHeadAt(s, now) });
  return heads.map(({ stage, point }) => ({
    stage,
    l2Block: point?.l2Block ?? null,
    lagSeconds: point?.l2Time == null ? null : Math.max(0, now - point.l2Time),
    lagBlocks: point === null || sequenced === null ? null : Math.max(0, sequenced.l2Block - point.l2Block),
  }));
}

/** Highest L2 block known to be sequenced: l2_blocks, the OP block-time formula at now, or the submitted head. */
export function sequencedHeadOf(r: RollupRecord, s: SnapshotData | null, now: number): HeadPoint | null {
  const def = r.definition;
  let best: HeadPoint | null = s?.heads.sequenced ?? null;
  if (def.stack === 'opstack' && now >= def.genesis.l2Time) {
    const n = def.genesis.l2Block + Math.floor((now - def.genesis.l2Time) / def.genesis.blockTime);
    if (!best || n > best.l2Block) best = { l2Block: n, l2Time: def.genesis.l2Time + (n - def.genesis.l2Block) * def.genesis.blockTime };
  }
  const sub = s?.heads.submitted;
  if (sub && (!best || sub.l2Block > best.l2Block)) best = sub;
  return best;
}
