/**
 * The rollup snapshot: everything the risk-engine poll needs, precomputed from the facts when new
 * facts land, so the poll reads one row and only applies `now`.
 *
 * The ingest calls `refreshRollupSnapshot(db, rollupId)` after each commit that wrote facts of the
 * rollup and `refreshSnapshotsForChain(db, chainId)` (or `recordReorg`) after a reorg rewind. Each
 * refresh bumps the row's version and notifies listeners (Postgres NOTIFY `rollscope_facts` with the
 * rollup id, and an in-process event) so API caches drop what they hold for it.
 *
 * Rolling liveness statistics are those of the intervals that ended in the 30 days up to the last
 * submission (the API's liveness field recomputes them exactly against `now`).
 */
import { EventEmitter } from 'node:events';
import type { Queryable } from '../db/client.ts';
import { inclusions, forcedQueue, type ForcedMessageFact } from './censorship.ts';
import { POSTING_KINDS, rootSettlement, type L1Ref } from './finality.ts';
import { evaluateHealth, type Health, type HealthInputs, type HealthThresholds } from './health.ts';
import { governanceHealthReasons, loadGovernanceHealthInputs, withGovernanceReasons, type GovernanceHealthInputs } from './governance.ts';
import { governanceSetupOf } from '../stacks/governance/contracts.ts';
import { ANOMALY_WINDOW_SECONDS, DAY } from './liveness.ts';
import {
  batchOrder,
  batchSelect,
  loadChallengeSummaries,
  loadL2Time,
  loadParameters,
  loadProcessedBefore,
  loadRollups,
  loadRoots,
  forcedSelect,
  num,
  numOrNull,
  toBatch,
  toForced,
  toRef,
  type RollupRecord,
} from './load.ts';
import type { ForcedPath, RollupParameters } from './parameters.ts';

export const SNAPSHOT_SCHEMA = 3;
/** NOTIFY channel carrying the id of a rollup whose facts changed. */
export const FACTS_CHANNEL = 'rollscope_facts';
/** Gaps between batches at least this long are kept (for "up since" and "OK since"). */
export const GAP_MIN_SECONDS = 60;
const MAX_GAPS = 100;
const MAX_PENDING = 200;

export interface IntervalStats {
  samples: number;
  mean: number;
  std: number;
  /** Nearest-rank median interval (null without intervals). */
  p50: number | null;
}

export interface HeadPoint {
  l2Block: number;
  l2Time: number | null;
}

export interface SnapshotData {
  schema: number;
  rollupId: string;
  l1ChainId: number;
  /** The `now` the snapshot was computed at (max of the wall clock and the newest fact). */
  computedAt: number;
  parameters: RollupParameters;
  batches: {
    first: number | null;
    last: { batchNumber: string; ref: L1Ref; l2BlockEnd: number | null; l2TimeEnd: number | null; dataLocation: string } | null;
    intervals: IntervalStats;
    gaps: { start: number; end: number }[];
  };
  stateRoots: {
    last: { kind: string; rootIndex: string; root: string; l2BlockNumber: number | null; ref: L1Ref; status: string; challenged: boolean } | null;
    intervals: IntervalStats;
  };
  proofs: { last: { rootIndex: string; ref: L1Ref; l2BlockNumber: number | null } | null; intervals: IntervalStats };
  /** Highest L2 block at each stage, with its L2 time when known (for lags). */
  heads: {
    /** From l2_blocks (where an L2 RPC is configured). */
    sequenced: HeadPoint | null;
    submitted: HeadPoint | null;
    l1Finalized: HeadPoint | null;
    stateRootPosted: HeadPoint | null;
    proven: HeadPoint | null;
    /** Highest L2 block settled by an event or before the recent span. */
    settled: HeadPoint | null;
    /** Roots that settle by the passage of time: settled once now ≥ at. */
    timedSettlements: { l2Block: number; l2Time: number | null; at: number }[];
  };
  forced: {
    path: ForcedPath;
    windowSeconds: number | null;
    /** Messages processed so far (Arbitrum/Scroll delayed count, zkSync priority ops executed). */
    processed: string;
    /** Unprocessed messages, and the oldest of them (by queue index, at most MAX_PENDING kept). */
    depth: number;
    pending: { queueIndex: string; enqueuedAt: number; deadline: number | null }[];
    forceInclusions30d: number;
    lastForceInclusion: L1Ref | null;
  };
  challenges: {
    openCount: number;
    open: { challengeId: string; type: string; rootIndex: string | null; createdAt: number }[];
    onLatestRoot: boolean;
  };
  /** Recent upgrades with their exit windows and open pauses (governance health reasons). */
  governance: GovernanceHealthInputs;
}

/** In-process notifications: emits 'facts' (rollupId) after a refresh, 'health' (rollupId) after a change. */
export const factsEvents = new EventEmitter();
factsEvents.setMaxListeners(0);

async function intervalStats(db: Queryable, source: string, params: unknown[], since: number): Promise<{ stats: IntervalStats; gaps: { start: number; end: number }[] }> {
  const rows = await db.query(
    // One submission per transaction: a tx lies in one block, so its rows share a block_time and
    // are adjacent in (block_time, block_number, tx_index) order — the batches index order.
    `with subs as (
       select t from (select max(x.block_time) as t from ${source} and x.block_time < $${params.length + 1}) p where t is not null
       union all
       select t from (select x.block_time as t, x.block_number as b, x.tx_index as i,
                             lag(x.block_number) over w as pb, lag(x.tx_index) over w as pi
                      from ${source} and x.block_time >= $${params.length + 1}
                      window w as (order by x.block_time, x.block_number, x.tx_index)) z
       where pb is null or pb <> b or pi <> i),
     iv as (select t, t - lag(t) over (order by t) as d from subs)
     select 'stats' as what, count(d) as n, coalesce(sum(d), 0)::text as s1, coalesce(sum(d * d), 0)::text as s2,
            percentile_disc(0.5) within group (order by d) as p50, null::bigint as t, null::bigint as d from iv where d is not null
     union all
     (select 'gap', null, null, null, null, t, d from iv where d >= ${GAP_MIN_SECONDS} order by t desc limit ${MAX_GAPS})`,
    [...params, since],
  );
  const s = rows.find((r) => r.what === 'stats')!;
  const n = num(s.n);
  const s1 = num(s.s1);
  const s2 = num(s.s2);
  const variance = n ? Math.max(0, n * s2 - s1 * s1) : 0;
  return {
    stats: { samples: n, mean: n ? s1 / n : 0, std: n ? Math.sqrt(variance) / n : 0, p50: numOrNull(s.p50) },
    gaps: rows
      .filter((r) => r.what === 'gap')
      .map((r) => ({ start: num(r.t) - num(r.d), end: num(r.t) }))
      .reverse(),
  };
}

const STATE_ROOT_KINDS = `('OUTPUT', 'ASSERTION', 'STATE_UPDATE', 'ZK_EXECUTE')`;

/** Computes the snapshot of one rollup (pure reads). `now` defaults to the wall clock. */
export async function computeSnapshot(db: Queryable, rollup: RollupRecord, opts: { now?: number } = {}): Promise<SnapshotData> {
  const id = rollup.id;
  const p = await loadParameters(db, rollup);
  const [lastBatchRow] = await db.query(`${batchSelect} where s.rollup_id = $1 order by ${batchOrder('desc')} limit 1`, [id]);
  const lastBatch = lastBatchRow ? toBatch(lastBatchRow) : null;
  const [lastRootRow] = await db.query(
    `select r.*, (select e.status from state_root_events e where e.rollup_id = r.rollup_id and e.root_index = r.root_index and e.kind = r.kind
       order by e.block_number desc, e.log_index desc, e.sub_index desc limit 1) as status
     from state_roots r where r.rollup_id = $1 and r.kind in ${STATE_ROOT_KINDS} order by r.block_time desc, r.block_number desc, r.log_index desc limit 1`,
    [id],
  );
  const [lastProofRow] = await db.query(
    `select * from state_roots r where r.rollup_id = $1 and r.kind = 'ZK_PROOF' order by r.block_time desc, r.block_number desc, r.log_index desc limit 1`,
    [id],
  );
  const newest = Math.max(lastBatch?.ref.time ?? 0, lastRootRow ? num(lastRootRow.block_time) : 0);
  const now = Math.max(opts.now ?? Math.floor(Date.now() / 1000), newest);

  const batchAnchor = lastBatch?.ref.time ?? now;
  const rootAnchor = lastRootRow ? num(lastRootRow.block_time) : now;
  const proofAnchor = lastProofRow ? num(lastProofRow.block_time) : now;
  // The chain's finalized head (or, without one, the highest block observed finalized).
  const [fin] = await db.query(
    `select coalesce((select finalized from chain_heads where chain_id = $1), (select max(number) from blocks where chain_id = $1 and finalized_at is not null)) as n`,
    [rollup.l1ChainId],
  );
  const finalizedBlock = numOrNull(fin?.n);
  const [batchLive, rootLive, proofLive, counts, submitted, finalized, forcedRows] = await Promise.all([
    intervalStats(db, `sequencer_batches x where x.rollup_id = $1`, [id], batchAnchor - ANOMALY_WINDOW_SECONDS),
    intervalStats(db, `state_roots x where x.rollup_id = $1 and x.kind in ${STATE_ROOT_KINDS}`, [id], rootAnchor - ANOMALY_WINDOW_SECONDS),
    intervalStats(db, `state_roots x where x.rollup_id = $1 and x.kind = 'ZK_PROOF'`, [id], proofAnchor - ANOMALY_WINDOW_SECONDS),
    db.query(`select (select min(block_time) from sequencer_batches where rollup_id = $1) as first`, [id]),
    db.query(`select l2_block_end, l2_time_end from sequencer_batches where rollup_id = $1 and l2_block_end is not null order by l2_block_end desc limit 1`, [id]),
    finalizedBlock === null
      ? Promise.resolve([] as Record<string, unknown>[])
      : db.query(
          `select s.l2_block_end, s.l2_time_end from sequencer_batches s
           where s.rollup_id = $1 and s.l2_block_end is not null and s.chain_id = $2 and s.block_number <= $3
           order by s.l2_block_end desc limit 1`,
          [id, rollup.l1ChainId, finalizedBlock],
        ),
    // Forced batches of the last 30 days, newest first (a user forcing inclusion is rare).
    db.query(`${batchSelect} where s.rollup_id = $1 and s.block_time >= $2 and s.forced order by ${batchOrder('desc')}`, [id, now - 30 * DAY]),
  ]);
  const lastForcedBatch = forcedRows[0] ?? (await db.query(`${batchSelect} where s.rollup_id = $1 and s.block_time < $2 and s.forced order by ${batchOrder('desc')} limit 1`, [id, now - 30 * DAY]))[0];

  // Roots of the recent span (settlement still moving), and what lies before it.
  const span = Math.max(2 * p.withdrawalDelaySeconds, DAY) + DAY;
  const spanFrom = now - span;
  const recent = await loadRoots(db, rollup, { from: spanFrom, to: now + 1 });
  let postedHead: number | null = null;
  let provenHead: number | null = null;
  let settledHead: number | null = null;
  const timed: { l2Block: number; l2Time: number | null; at: number }[] = [];
  for (const r of recent) {
    if (r.l2BlockNumber === null) continue;
    const st = rootSettlement(r, p, now);
    if (st.status === 'REJECTED') continue;
    if (POSTING_KINDS.has(r.kind)) postedHead = Math.max(postedHead ?? -1, r.l2BlockNumber);
    if (r.kind === 'ZK_PROOF') provenHead = Math.max(provenHead ?? -1, r.l2BlockNumber);
    if (st.settledAt !== null) settledHead = Math.max(settledHead ?? -1, r.l2BlockNumber);
    else if (st.expectedSettledAt !== null && (r.mode === 'output-timer' || (r.mode === 'dispute-game' && st.acceptedAt !== null))) {
      timed.push({ l2Block: r.l2BlockNumber, l2Time: null, at: st.expectedSettledAt });
    }
  }
  const [before] = await db.query(
    `select (select max(l2_block_number) from state_roots r where r.rollup_id = $1 and r.block_time < $2 and r.kind in ('OUTPUT', 'ASSERTION', 'ZK_COMMIT', 'STATE_UPDATE')
               and not exists (select 1 from state_root_events e where e.rollup_id = r.rollup_id and e.root_index = r.root_index and e.kind = r.kind and e.status in ('REJECTED', 'DELETED', 'REVERTED'))) as posted,
            (select max(l2_block_number) from state_roots r where r.rollup_id = $1 and r.block_time < $2 and r.kind = 'ZK_PROOF') as proven,
            (select max(l2_block_number) from state_roots r where r.rollup_id = $1 and r.block_time < $2 and r.kind in ('OUTPUT', 'ASSERTION', 'ZK_EXECUTE', 'STATE_UPDATE')
               and not exists (select 1 from state_root_events e where e.rollup_id = r.rollup_id and e.root_index = r.root_index and e.kind = r.kind and e.status in ('REJECTED', 'DELETED', 'REVERTED'))) as settled`,
    [id, spanFrom],
  );
  const maxOf = (a: number | null, b: unknown) => (b === null || b === undefined ? a : Math.max(a ?? -1, num(b)));
  postedHead = maxOf(postedHead, before?.posted);
  provenHead = maxOf(provenHead, before?.proven);
  settledHead = maxOf(settledHead, before?.settled);

  // Forced queue.
  let processed = 0n;
  let depth = 0;
  let pending: ForcedMessageFact[] = [];
  if (p.forcedPath === 'delayed-read' || p.forcedPath === 'priority-executed') {
    processed = await loadProcessedBefore(db, id, p, Number.MAX_SAFE_INTEGER);
    const [rows, [c]] = await Promise.all([
      db.query(`${forcedSelect} where f.rollup_id = $1 and f.queue_index >= $2 order by f.queue_index limit ${MAX_PENDING}`, [id, processed.toString()]),
      db.query(`select count(*) as n from forced_messages where rollup_id = $1 and queue_index >= $2`, [id, processed.toString()]),
    ]);
    pending = rows.map((r) => toForced(r, p));
    depth = num(c.n);
  } else if (p.forcedPath === 'sequencing-window') {
    const since = lastBatch?.ref.time ?? 0;
    const rows = await db.query(`${forcedSelect} where f.rollup_id = $1 and f.block_time >= $2 order by f.queue_index limit ${MAX_PENDING}`, [id, since]);
    const msgs = rows.map((r) => toForced(r, p));
    const q = forcedQueue(msgs, inclusions(msgs, [], 'sequencing-window', now), now);
    pending = msgs;
    depth = q.depth;
  }

  const l2Head = await db.query(`select number, timestamp from l2_blocks where rollup_id = $1 order by number desc limit 1`, [id]);
  const headPoint = async (b: number | null): Promise<HeadPoint | null> => (b === null ? null : { l2Block: b, l2Time: (await loadL2Time(db, rollup, b))?.time ?? null });

  const open = (await loadChallengeSummaries(db, rollup, { open: true })).filter((c) => c.disputed);
  const lastRootIndex = lastRootRow ? String(lastRootRow.root_index) : null;
  const onLatestRoot = lastRootIndex !== null && open.some((c) => c.rootIndex === lastRootIndex || c.challengeId === lastRootIndex);
  const lastRootChallenged = lastRootIndex !== null && (onLatestRoot || (await db.query(
    `select 1 from state_root_events where rollup_id = $1 and root_index = $2 and status = 'CHALLENGED' limit 1`,
    [id, lastRootIndex],
  )).length > 0);

  return {
    schema: SNAPSHOT_SCHEMA,
    rollupId: id,
    l1ChainId: rollup.l1ChainId,
    computedAt: now,
    parameters: p,
    batches: {
      first: numOrNull(counts[0].first),
      last: lastBatch
        ? { batchNumber: lastBatch.batchNumber, ref: lastBatch.ref, l2BlockEnd: lastBatch.l2BlockEnd, l2TimeEnd: lastBatch.l2TimeEnd, dataLocation: lastBatch.dataLocation }
        : null,
      intervals: batchLive.stats,
      gaps: batchLive.gaps,
    },
    stateRoots: {
      last: lastRootRow
        ? {
            kind: String(lastRootRow.kind),
            rootIndex: String(lastRootRow.root_index),
            root: String(lastRootRow.root),
            l2BlockNumber: numOrNull(lastRootRow.l2_block_number),
            ref: toRef(lastRootRow),
            status: lastRootRow.status ? String(lastRootRow.status) : 'PROPOSED',
            challenged: lastRootChallenged,
          }
        : null,
      intervals: rootLive.stats,
    },
    proofs: {
      last: lastProofRow ? { rootIndex: String(lastProofRow.root_index), ref: toRef(lastProofRow), l2BlockNumber: numOrNull(lastProofRow.l2_block_number) } : null,
      intervals: proofLive.stats,
    },
    heads: {
      sequenced: l2Head[0] ? { l2Block: num(l2Head[0].number), l2Time: num(l2Head[0].timestamp) } : null,
      submitted: submitted[0] ? { l2Block: num(submitted[0].l2_block_end), l2Time: numOrNull(submitted[0].l2_time_end) } : null,
      l1Finalized: finalized[0] ? { l2Block: num(finalized[0].l2_block_end), l2Time: numOrNull(finalized[0].l2_time_end) } : null,
      stateRootPosted: await headPoint(postedHead),
      proven: await headPoint(provenHead),
      settled: await headPoint(settledHead),
      timedSettlements: await Promise.all(
        timed
          .sort((a, b) => a.at - b.at)
          .slice(0, 200)
          .map(async (x) => ({ ...x, l2Time: (await headPoint(x.l2Block))?.l2Time ?? null })),
      ),
    },
    forced: {
      path: p.forcedPath,
      windowSeconds: p.forceInclusionWindowSeconds,
      processed: processed.toString(),
      depth,
      pending: pending.map((m) => ({ queueIndex: m.queueIndex.toString(), enqueuedAt: m.enqueuedAt, deadline: m.deadline })),
      forceInclusions30d: forcedRows.length,
      lastForceInclusion: lastForcedBatch ? toBatch(lastForcedBatch).ref : null,
    },
    challenges: {
      openCount: open.length,
      // An OP game is disputed from its first move on; other challenges from their creation.
      open: open
        .map((c) => ({ challengeId: c.challengeId, type: c.type, rootIndex: c.rootIndex, createdAt: rollup.stack === 'opstack' ? (c.firstMoveAt ?? c.created.time) : c.created.time }))
        .sort((a, b) => a.createdAt - b.createdAt)
        .slice(0, 20),
      onLatestRoot,
    },
    governance: await loadGovernanceHealthInputs(db, rollup, governanceSetupOf(rollup.definition), now),
  };
}

/**
 * Recomputes and stores the snapshot of `rollupId`, then notifies listeners. Call it after every
 * commit that wrote facts of the rollup (outside or inside the commit's transaction: inside, the
 * NOTIFY is delivered at commit). Returns the new version, or null for an unknown rollup.
 */
export async function refreshRollupSnapshot(db: Queryable, rollupId: string, opts: { now?: number } = {}): Promise<{ version: number; data: SnapshotData } | null> {
  const [rollup] = await loadRollups(db, [rollupId]);
  if (!rollup) return null;
  const data = await computeSnapshot(db, rollup, opts);
  const [row] = await db.query<{ version: string }>(
    `insert into rollup_snapshots (rollup_id, version, data, refreshed_at) values ($1, 1, $2::jsonb, now())
     on conflict (rollup_id) do update set version = rollup_snapshots.version + 1, data = excluded.data, refreshed_at = now()
     returning version`,
    [rollupId, JSON.stringify(data)],
  );
  await db.query(`select pg_notify($1, $2)`, [FACTS_CHANNEL, rollupId]);
  factsEvents.emit('facts', rollupId);
  return { version: num(row.version), data };
}

/** Refreshes every rollup whose L1 is `chainId` (after a reorg rewind on that chain). */
export async function refreshSnapshotsForChain(db: Queryable, chainId: number, opts: { now?: number } = {}): Promise<string[]> {
  const rows = await db.query<{ id: string }>(`select id from rollups where l1_chain_id = $1 or l2_chain_id = $1 order by id`, [chainId]);
  for (const r of rows) await refreshRollupSnapshot(db, r.id, opts);
  return rows.map((r) => r.id);
}

/**
 * Records a reorg handled by the head follower (for the L1_REORG health reason) and refreshes the
 * snapshots of the rollups on that chain.
 */
export async function recordReorg(db: Queryable, reorg: { chainId: number; ancestor: number; depth: number; observedAt?: number }): Promise<void> {
  const observedAt = reorg.observedAt ?? Math.floor(Date.now() / 1000);
  await db.query(`insert into chain_reorgs (chain_id, observed_at, ancestor, depth) values ($1, $2, $3, $4) on conflict do nothing`, [
    reorg.chainId,
    observedAt,
    reorg.ancestor,
    reorg.depth,
  ]);
  await refreshSnapshotsForChain(db, reorg.chainId);
}

/** One row: the rollup, its snapshot, the L1 head, the last L1 reorg, and the observed health history. */
export interface PollRow {
  rollup: RollupRecord;
  version: number;
  snapshot: SnapshotData | null;
  l1HeadTime: number | null;
  lastReorgAt: number | null;
  lastHaltEndedObserved: number | null;
  lastOkObserved: number | null;
}

export const pollSql = `select r.id, r.name, r.stack, r.l1_chain_id, r.l2_chain_id, r.definition, r.parameters,
    s.version, s.data, h.latest_time,
    (select max(c.observed_at) from chain_reorgs c where c.chain_id = r.l1_chain_id) as last_reorg,
    (select max(g.at) from health_changes g where g.rollup_id = r.id and g.previous_status = 'HALT' and g.status <> 'HALT') as halt_ended,
    (select max(g.at) from health_changes g where g.rollup_id = r.id and g.status = 'OK' and g.previous_status is not null) as ok_at
  from rollups r
  left join rollup_snapshots s on s.rollup_id = r.id
  left join chain_heads h on h.chain_id = r.l1_chain_id
  where r.id = any($1::text[])`;

export function toPollRow(r: Record<string, unknown>): PollRow {
  const data = r.data as SnapshotData | null;
  return {
    rollup: {
      id: String(r.id),
      name: String(r.name),
      stack: String(r.stack),
      l1ChainId: num(r.l1_chain_id),
      l2ChainId: num(r.l2_chain_id),
      definition: r.definition as RollupRecord['definition'],
      storedParameters: (r.parameters ?? {}) as Record<string, unknown>,
    },
    version: numOrNull(r.version) ?? 0,
    snapshot: data && data.schema === SNAPSHOT_SCHEMA ? data : null,
    l1HeadTime: numOrNull(r.latest_time),
    lastReorgAt: numOrNull(r.last_reorg),
    lastHaltEndedObserved: numOrNull(r.halt_ended),
    lastOkObserved: numOrNull(r.ok_at),
  };
}

export async function readPollRows(db: Queryable, ids: readonly string[]): Promise<PollRow[]> {
  return (await db.query(pollSql, [ids])).map(toPollRow);
}

/** Health inputs at `now` from a poll row (time-dependent parts applied here). */
export function healthInputs(row: PollRow, now: number): HealthInputs {
  const s = row.snapshot;
  const oldest = s ? pendingAt(s, now)[0] ?? null : null;
  return {
    firstBatchAt: s?.batches.first ?? null,
    lastBatchAt: s?.batches.last?.ref.time ?? null,
    batchIntervals: s?.batches.intervals ?? { samples: 0, mean: 0, std: 0 },
    batchGaps: s?.batches.gaps ?? [],
    lastStateRootAt: s?.stateRoots.last?.ref.time ?? null,
    oldestForced: oldest,
    openChallenges: { count: s?.challenges.openCount ?? 0, earliestCreatedAt: s?.challenges.open[0]?.createdAt ?? null, onLatestRoot: s?.challenges.onLatestRoot ?? false },
    lastReorgAt: row.lastReorgAt,
    l1HeadTime: row.l1HeadTime,
    lastHaltEndedObserved: row.lastHaltEndedObserved,
    lastOkObserved: row.lastOkObserved,
  };
}

/**
 * A rollup's health at `now`: the operational reasons (metrics/health.ts) merged with the
 * governance reasons (unsafe upgrade, bridge paused). The one evaluation the API and the monitor use.
 */
export function rollupHealth(row: PollRow, now: number, thresholds?: HealthThresholds): Health {
  const health = evaluateHealth(healthInputs(row, now), now, thresholds);
  const governance = row.snapshot ? governanceHealthReasons(row.snapshot.governance, now) : [];
  return withGovernanceReasons(health, governance) as Health;
}

/** Unprocessed forced messages at `now`, oldest first (OP deposits past their window count as included). */
export function pendingAt(s: SnapshotData, now: number): { queueIndex: string; enqueuedAt: number; deadline: number | null }[] {
  const list = s.forced.path === 'sequencing-window' ? s.forced.pending.filter((m) => m.deadline === null || m.deadline > now) : s.forced.pending;
  return list.filter((m) => m.enqueuedAt <= now);
}

export function forcedDepthAt(s: SnapshotData, now: number): number {
  if (s.forced.path !== 'sequencing-window') return s.forced.depth;
  return pendingAt(s, now).length + Math.max(0, s.forced.depth - s.forced.pending.length);
}

/** Highest settled L2 block at `now` (with its L2 time). */
export function settledHeadAt(s: SnapshotData, now: number): HeadPoint | null {
  let head = s.heads.settled;
  for (const t of s.heads.timedSettlements) if (t.at <= now && (!head || t.l2Block > head.l2Block)) head = { l2Block: t.l2Block, l2Time: t.l2Time };
  return head;
}

export interface SnapshotRefresher {
  /** Asks for a refresh of `rollupId`; resolves when a refresh that started after this call is done. */
  touch(rollupId: string): Promise<void>;
  /** Waits for every scheduled refresh. */
  flush(): Promise<void>;
}

/**
 * Coalesces refresh requests per rollup for the ingest: while a refresh runs, further touches
 * mark the rollup dirty and one more refresh follows; refreshes of one rollup start at least
 * `minIntervalMs` apart (use 0 at the head, a few seconds during backfill). Errors are passed to
 * `onError` and do not stop later refreshes.
 */
export function createSnapshotRefresher({ db, minIntervalMs = 0, onError = () => {} }: { db: Queryable; minIntervalMs?: number; onError?: (err: unknown, rollupId: string) => void }): SnapshotRefresher {
  const state = new Map<string, { running?: Promise<void>; dirty: boolean; last: number; waiters: (() => void)[] }>();
  const run = (id: string) => {
    const s = state.get(id)!;
    s.running = (async () => {
      while (s.dirty) {
        s.dirty = false;
        const waiters = s.waiters.splice(0);
        const wait = s.last + minIntervalMs - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        s.last = Date.now();
        try {
          await refreshRollupSnapshot(db, id);
        } catch (err) {
          onError(err, id);
        }
        for (const w of waiters) w();
      }
      s.running = undefined;
    })();
  };
  return {
    touch(id) {
      let s = state.get(id);
      if (!s) state.set(id, (s = { dirty: false, last: 0, waiters: [] }));
      s.dirty = true;
      const done = new Promise<void>((r) => s!.waiters.push(r));
      if (!s.running) run(id);
      return done;
    },
    async flush() {
      await Promise.all([...state.values()].map((s) => s.running));
    },
  };
}
