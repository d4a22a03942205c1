/**
 * Reads fact rows into the shapes the pure metric functions take. SQL only; no figures are computed
 * here. Numbers come back from postgres.js as strings for int8/numeric: every column is converted
 * explicitly (times and block numbers to numbers, wei and indices to bigint or decimal strings).
 */
import type { Queryable } from '../db/client.ts';
import type { RollupDefinition } from '../rollups/types.ts';
import type { DelayedReadPoint, ForcedMessageFact } from './censorship.ts';
import { L1_FINALITY_SECONDS, settlementModeOf, type BatchFact, type L1Ref, type Outcome, type RootFact, type RootKind } from './finality.ts';
import { resolveParameters, type ParameterChangeRow, type RollupParameters } from './parameters.ts';

export const num = (v: unknown): number => Number(v);
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const bigOrNull = (v: unknown): bigint | null => (v === null || v === undefined ? null : BigInt(String(v)));
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export interface RollupRecord {
  id: string;
  name: string;
  stack: string;
  l1ChainId: number;
  l2ChainId: number;
  definition: RollupDefinition;
  storedParameters: Record<string, unknown>;
}

export const rollupColumns = `r.id, r.name, r.stack, r.l1_chain_id, r.l2_chain_id, r.definition, r.parameters`;

export function toRollupRecord(r: Record<string, unknown>): RollupRecord {
  return {
    id: String(r.id),
    name: String(r.name),
    stack: String(r.stack),
    l1ChainId: num(r.l1_chain_id),
    l2ChainId: num(r.l2_chain_id),
    definition: r.definition as RollupDefinition,
    storedParameters: (r.parameters ?? {}) as Record<string, unknown>,
  };
}

export async function loadRollups(db: Queryable, ids?: readonly string[]): Promise<RollupRecord[]> {
  const rows = ids
    ? await db.query(`select ${rollupColumns} from rollups r where r.id = any($1::text[]) order by r.id`, [ids])
    : await db.query(`select ${rollupColumns} from rollups r order by r.id`);
  return rows.map(toRollupRecord);
}

/** The latest change of each parameter name (plus the rollup's stored parameters), normalised. */
export async function loadParameters(db: Queryable, rollup: RollupRecord): Promise<RollupParameters> {
  const rows = await db.query<{ name: string; value: unknown; block_number: string; block_time: string }>(
    `select distinct on (name) name, value, block_number, block_time from parameter_changes
     where rollup_id = $1 order by name, block_number desc, tx_index desc, log_index desc, sub_index desc`,
    [rollup.id],
  );
  const changes: ParameterChangeRow[] = rows.map((r) => ({ name: r.name, value: r.value, blockNumber: num(r.block_number), blockTime: num(r.block_time) }));
  return resolveParameters(rollup.definition, rollup.storedParameters, changes);
}

export interface ChainHead {
  chainId: number;
  latest: number;
  safe: number | null;
  finalized: number | null;
  latestTime: number | null;
}

export async function loadChainHead(db: Queryable, chainId: number): Promise<ChainHead | null> {
  const [r] = await db.query(`select chain_id, latest, safe, finalized, latest_time from chain_heads where chain_id = $1`, [chainId]);
  return r ? { chainId, latest: num(r.latest), safe: numOrNull(r.safe), finalized: numOrNull(r.finalized), latestTime: numOrNull(r.latest_time) } : null;
}

export const refColumns = (a: string) =>
  `${a}.chain_id, ${a}.block_number, ${a}.block_hash, ${a}.block_time, ${a}.tx_hash, ${a}.tx_index, ${a}.log_index, ${a}.sub_index`;

export function toRef(r: Record<string, unknown>): L1Ref {
  return {
    chainId: num(r.chain_id),
    blockNumber: num(r.block_number),
    blockHash: String(r.block_hash),
    txHash: String(r.tx_hash),
    txIndex: num(r.tx_index),
    logIndex: num(r.log_index),
    subIndex: num(r.sub_index),
    time: num(r.block_time),
  };
}

/** A sequencer_batches row with the finalization of its L1 block. */
export interface BatchRecord extends BatchFact {
  rollupId: string;
  batchNumber: string;
  submitter: string;
  dataLocation: string;
  bytesPosted: number;
  blobCount: number;
  blobGasUsed: bigint | null;
  blobBaseFee: bigint | null;
  l1GasUsed: bigint | null;
  l1GasPrice: bigint | null;
  executionFee: bigint | null;
  blobFee: bigint | null;
  delayedMessagesRead: bigint | null;
  forced: boolean;
}

/**
 * Columns of a batch plus its L1 finalization: the observed blocks.finalized_at, else — when the
 * chain's finalized head is at or past the block — t1 + 768 s flagged as estimated.
 */
export const batchSelect = `select ${refColumns('s')}, s.rollup_id, s.batch_number::text as batch_number, s.submitter, s.data_location,
  s.bytes_posted, s.blob_count, s.blob_gas_used::text as blob_gas_used, s.blob_base_fee::text as blob_base_fee,
  s.l1_gas_used::text as l1_gas_used, s.l1_gas_price::text as l1_gas_price, s.execution_fee::text as execution_fee,
  s.blob_fee::text as blob_fee, s.l2_block_start, s.l2_block_end, s.l2_time_start, s.l2_time_end,
  s.delayed_messages_read::text as delayed_messages_read, s.forced,
  case when b.finalized_at is not null then b.finalized_at
       when h.finalized is not null and s.block_number <= h.finalized then s.block_time + ${L1_FINALITY_SECONDS} end as finalized_at,
  case when b.finalized_at is not null then b.finalized_estimated else true end as finalized_estimated
  from sequencer_batches s
  left join blocks b on b.chain_id = s.chain_id and b.number = s.block_number
  left join chain_heads h on h.chain_id = s.chain_id`;

export const batchOrder = (dir: 'asc' | 'desc' = 'asc') =>
  ['block_time', 'chain_id', 'block_number', 'tx_index', 'log_index', 'sub_index'].map((c) => `s.${c} ${dir}`).join(', ');

export function toBatch(r: Record<string, unknown>): BatchRecord {
  return {
    ref: toRef(r),
    rollupId: String(r.rollup_id),
    batchNumber: String(r.batch_number),
    submitter: String(r.submitter),
    dataLocation: String(r.data_location),
    bytesPosted: num(r.bytes_posted),
    blobCount: num(r.blob_count),
    blobGasUsed: bigOrNull(r.blob_gas_used),
    blobBaseFee: bigOrNull(r.blob_base_fee),
    l1GasUsed: bigOrNull(r.l1_gas_used),
    l1GasPrice: bigOrNull(r.l1_gas_price),
    executionFee: bigOrNull(r.execution_fee),
    blobFee: bigOrNull(r.blob_fee),
    l2BlockStart: numOrNull(r.l2_block_start),
    l2BlockEnd: numOrNull(r.l2_block_end),
    l2TimeStart: numOrNull(r.l2_time_start),
    l2TimeEnd: numOrNull(r.l2_time_end),
    delayedMessagesRead: bigOrNull(r.delayed_messages_read),
    forced: Boolean(r.forced),
    l1FinalizedAt: numOrNull(r.finalized_at),
    l1FinalizedEstimated: Boolean(r.finalized_estimated),
  };
}

/** Batches with L1 time in [from, to), in L1 order. */
export async function loadBatches(db: Queryable, rollupId: string, { from, to }: { from: number; to: number }): Promise<BatchRecord[]> {
  const rows = await db.query(`${batchSelect} where s.rollup_id = $1 and s.block_time >= $2 and s.block_time < $3 order by ${batchOrder()}`, [rollupId, from, to]);
  return rows.map(toBatch);
}

/** The first batch (L1 order) whose L2 range holds b. */
export async function loadBatchCarrying(db: Queryable, rollupId: string, b: number): Promise<BatchRecord | null> {
  const rows = await db.query(
    `${batchSelect} where s.rollup_id = $1 and s.l2_block_end >= $2 and s.l2_block_start <= $2 order by ${batchOrder()} limit 1`,
    [rollupId, b],
  );
  return rows[0] ? toBatch(rows[0]) : null;
}

export interface RootRecord extends RootFact {
  rollupId: string;
  root: string;
  parentIndex: string | null;
  l2BlockHash: string | null;
  proposer: string | null;
  /** l2BlockNumber as stored (RootFact.l2BlockNumber may be derived from the batch of the same index). */
  storedL2BlockNumber: number | null;
  extra: unknown;
}

export const rootSelect = `select ${refColumns('r')}, r.rollup_id, r.kind, r.root_index, r.parent_index, r.root, r.l2_block_number,
  r.l2_block_hash, r.proposer, r.extra from state_roots r`;
export const rootOrder = (dir: 'asc' | 'desc' = 'asc') =>
  ['block_time', 'chain_id', 'block_number', 'tx_index', 'log_index', 'sub_index'].map((c) => `r.${c} ${dir}`).join(', ');

export function toRootRecord(r: Record<string, unknown>, rollup: RollupRecord): RootRecord {
  const kind = String(r.kind) as RootKind;
  const rootIndex = String(r.root_index);
  const l2 = numOrNull(r.l2_block_number);
  return {
    rollupId: String(r.rollup_id),
    kind,
    rootIndex,
    root: String(r.root),
    parentIndex: strOrNull(r.parent_index),
    l2BlockNumber: l2,
    storedL2BlockNumber: l2,
    l2BlockHash: strOrNull(r.l2_block_hash),
    proposer: strOrNull(r.proposer),
    ref: toRef(r),
    mode: settlementModeOf(kind, rootIndex, rollup.stack, (rollup.definition as { contracts: Record<string, unknown> }).contracts ?? {}),
    extra: r.extra,
    events: [],
    challenges: [],
  };
}

const OUTCOMES = `('CHALLENGER_WINS', 'DEFENDER_WINS')`;

/**
 * Fills events and challenges of roots, and for roots without an L2 block number whose index is a
 * batch number (zkSync, Scroll) takes the L2 block end of that batch.
 */
export async function attachRootDetails(db: Queryable, rollup: RollupRecord, roots: RootRecord[]): Promise<RootRecord[]> {
  if (roots.length === 0) return roots;
  const indexes = [...new Set(roots.map((r) => r.rootIndex))];
  const [events, challenges, batchEnds] = await Promise.all([
    db.query(
      `select ${refColumns('e')}, e.root_index, e.kind, e.status, e.extra from state_root_events e
       where e.rollup_id = $1 and e.root_index = any($2::text[]) order by e.block_time, e.block_number, e.tx_index, e.log_index, e.sub_index`,
      [rollup.id, indexes],
    ),
    loadChallengeSummaries(db, rollup, { rootIndexes: indexes }),
    (() => {
      const numeric = roots.filter((r) => r.l2BlockNumber === null && /^\d+$/.test(r.rootIndex)).map((r) => r.rootIndex);
      if (numeric.length === 0) return Promise.resolve([] as Record<string, unknown>[]);
      return db.query(
        `select batch_number::text as n, max(l2_block_end) as l2 from sequencer_batches
         where rollup_id = $1 and batch_number = any($2::text[]::numeric[]) and l2_block_end is not null group by batch_number`,
        [rollup.id, [...new Set(numeric)]],
      );
    })(),
  ]);
  const ends = new Map(batchEnds.map((r) => [String(r.n), num(r.l2)]));
  const byIndex = new Map<string, RootRecord[]>();
  for (const r of roots) {
    if (r.l2BlockNumber === null && ends.has(r.rootIndex)) r.l2BlockNumber = ends.get(r.rootIndex)!;
    r.events = [];
    r.challenges = [];
    byIndex.set(r.rootIndex, [...(byIndex.get(r.rootIndex) ?? []), r]);
  }
  for (const e of events) {
    const extra = (e.extra ?? {}) as Record<string, unknown>;
    const outcome = extra.status === 'CHALLENGER_WINS' || extra.status === 'DEFENDER_WINS' ? (extra.status as Outcome) : null;
    for (const r of byIndex.get(String(e.root_index)) ?? []) {
      if (r.kind !== e.kind) continue;
      r.events.push({ status: String(e.status), at: num(e.block_time), ref: toRef(e), outcome });
    }
  }
  for (const c of challenges) {
    const targets = new Set([c.rootIndex, c.challengeId].filter((x): x is string => x !== null));
    for (const idx of targets) {
      for (const r of byIndex.get(idx) ?? []) {
        r.challenges.push({ createdAt: c.created.time, lastMoveAt: c.lastMoveAt, disputed: c.disputed, outcome: c.outcome, resolvedAt: c.resolvedAt, resolvedRef: c.resolvedRef });
      }
    }
  }
  return roots;
}

export interface ChallengeSummary {
  rollupId: string;
  challengeId: string;
  type: string;
  address: string | null;
  disputedRoot: string | null;
  rootIndex: string | null;
  l2BlockNumber: number | null;
  creator: string | null;
  created: L1Ref;
  moves: number;
  firstMoveAt: number | null;
  lastMoveAt: number | null;
  /** Someone disputed: any Arbitrum challenge, an OP game once it has a move. */
  disputed: boolean;
  resolvedAt: number | null;
  resolvedRef: L1Ref | null;
  outcome: Outcome | null;
  status: 'IN_PROGRESS' | 'CHALLENGER_WINS' | 'DEFENDER_WINS' | 'ENDED';
}

/**
 * Challenges with their moves summarised: moves = rows that are not outcomes; the challenge ended
 * at its first RESOLVED row or row with a winner; outcome = the first winner named.
 */
export const challengeSummarySql = (where: string) => `
  select ${refColumns('c')}, c.rollup_id, c.challenge_id, c.type, c.address, c.disputed_root, c.root_index, c.l2_block_number, c.creator,
    m.moves, m.first_move_at, m.last_move_at, m.resolved_at, m.outcome,
    rm.chain_id as r_chain_id, rm.block_number as r_block_number, rm.block_hash as r_block_hash, rm.block_time as r_block_time,
    rm.tx_hash as r_tx_hash, rm.tx_index as r_tx_index, rm.log_index as r_log_index, rm.sub_index as r_sub_index
  from challenges c
  left join lateral (
    select count(*) filter (where x.action <> 'RESOLVED' and coalesce(x.status, '') not in ${OUTCOMES}) as moves,
      min(x.block_time) filter (where x.action <> 'RESOLVED' and coalesce(x.status, '') not in ${OUTCOMES}) as first_move_at,
      max(x.block_time) filter (where x.action <> 'RESOLVED' and coalesce(x.status, '') not in ${OUTCOMES}) as last_move_at,
      min(x.block_time) filter (where x.action = 'RESOLVED' or x.status in ${OUTCOMES}) as resolved_at,
      (array_agg(x.status order by x.block_number, x.tx_index, x.log_index, x.sub_index) filter (where x.status in ${OUTCOMES}))[1] as outcome
    from challenge_moves x where x.rollup_id = c.rollup_id and x.challenge_id = c.challenge_id
  ) m on true
  left join lateral (
    select * from challenge_moves y where y.rollup_id = c.rollup_id and y.challenge_id = c.challenge_id
      and (y.action = 'RESOLVED' or y.status in ${OUTCOMES})
    order by y.block_number, y.tx_index, y.log_index, y.sub_index limit 1
  ) rm on true
  where ${where}`;

export function toChallenge(r: Record<string, unknown>, stack: string): ChallengeSummary {
  const moves = num(r.moves ?? 0);
  const resolvedAt = numOrNull(r.resolved_at);
  const outcome = (strOrNull(r.outcome) as Outcome | null) ?? null;
  return {
    rollupId: String(r.rollup_id),
    challengeId: String(r.challenge_id),
    type: String(r.type),
    address: strOrNull(r.address),
    disputedRoot: strOrNull(r.disputed_root),
    rootIndex: strOrNull(r.root_index),
    l2BlockNumber: numOrNull(r.l2_block_number),
    creator: strOrNull(r.creator),
    created: toRef(r),
    moves,
    firstMoveAt: numOrNull(r.first_move_at),
    lastMoveAt: numOrNull(r.last_move_at),
    disputed: stack !== 'opstack' || moves > 0,
    resolvedAt,
    resolvedRef:
      r.r_chain_id === null || r.r_chain_id === undefined
        ? null
        : toRef({ chain_id: r.r_chain_id, block_number: r.r_block_number, block_hash: r.r_block_hash, block_time: r.r_block_time, tx_hash: r.r_tx_hash, tx_index: r.r_tx_index, log_index: r.r_log_index, sub_index: r.r_sub_index }),
    outcome,
    status: resolvedAt === null ? 'IN_PROGRESS' : outcome ?? 'ENDED',
  };
}

export async function loadChallengeSummaries(db: Queryable, rollup: RollupRecord, { rootIndexes, open }: { rootIndexes?: string[]; open?: boolean }): Promise<ChallengeSummary[]> {
  const conds = ['c.rollup_id = $1'];
  const params: unknown[] = [rollup.id];
  if (rootIndexes) {
    params.push(rootIndexes);
    conds.push(`(c.root_index = any($2::text[]) or c.challenge_id = any($2::text[]))`);
  }
  if (open) conds.push(`m.resolved_at is null`);
  const rows = await db.query(`${challengeSummarySql(conds.join(' and '))} order by c.block_time, c.block_number, c.log_index`, params);
  return rows.map((r) => toChallenge(r, rollup.stack));
}

const POSTING = `('OUTPUT', 'ASSERTION', 'ZK_COMMIT', 'STATE_UPDATE', 'ZK_PROOF', 'ZK_EXECUTE')`;

/** Roots posted in [from, to) (all kinds), in L1 order, with details. */
export async function loadRoots(db: Queryable, rollup: RollupRecord, { from, to, limit = 50_000 }: { from: number; to: number; limit?: number }): Promise<RootRecord[]> {
  const rows = await db.query(`${rootSelect} where r.rollup_id = $1 and r.kind in ${POSTING} and r.block_time >= $2 and r.block_time < $3 order by ${rootOrder()} limit $4`, [
    rollup.id,
    from,
    to,
    limit,
  ]);
  return attachRootDetails(db, rollup, rows.map((r) => toRootRecord(r, rollup)));
}

/**
 * Candidate roots for the timeline of L2 block b: those covering b (l2BlockNumber ≥ b, or unknown
 * and posted since `postedFrom`), earliest posted first.
 */
export async function loadRootsCovering(db: Queryable, rollup: RollupRecord, b: number, postedFrom: number, limit = 2_000): Promise<RootRecord[]> {
  const rows = await db.query(
    `${rootSelect} where r.rollup_id = $1 and r.kind in ${POSTING} and (r.l2_block_number >= $2 or (r.l2_block_number is null and r.block_time >= $3))
     order by ${rootOrder()} limit $4`,
    [rollup.id, b, postedFrom, limit],
  );
  return attachRootDetails(db, rollup, rows.map((r) => toRootRecord(r, rollup)));
}

/** L1 times of distinct submission transactions since `from`, plus the last one before it. */
export async function loadSubmissionTimes(db: Queryable, rollupId: string, kind: 'BATCH' | 'STATE_ROOT' | 'PROOF', from: number, to: number): Promise<number[]> {
  const source =
    kind === 'BATCH'
      ? `sequencer_batches x where x.rollup_id = $1`
      : `state_roots x where x.rollup_id = $1 and x.kind in ${kind === 'PROOF' ? `('ZK_PROOF')` : `('OUTPUT', 'ASSERTION', 'STATE_UPDATE', 'ZK_EXECUTE')`}`;
  const rows = await db.query<{ t: string }>(
    `select t from (select max(x.block_time) as t from ${source} and x.block_time < $2) p where t is not null
     union all
     select min(x.block_time) as t from ${source} and x.block_time >= $2 and x.block_time < $3 group by x.tx_hash
     order by t`,
    [rollupId, from, to],
  );
  return rows.map((r) => num(r.t));
}

export interface ForcedRecord extends ForcedMessageFact {
  rollupId: string;
  kind: string;
  sender: string | null;
  windowSeconds: number | null;
  windowBlocks: number | null;
  messageHash: string | null;
  ref: L1Ref;
}

export const forcedSelect = `select ${refColumns('f')}, f.rollup_id, f.queue_index::text as queue_index, f.kind, f.sender, f.deadline,
  f.window_seconds, f.window_blocks, f.message_hash from forced_messages f`;

/** deadline = the stored deadline, else enqueue + the message's window, else + the rollup's window. */
export function toForced(r: Record<string, unknown>, p: RollupParameters): ForcedRecord {
  const enqueuedAt = num(r.block_time);
  const windowSeconds = numOrNull(r.window_seconds);
  const deadline = numOrNull(r.deadline) ?? (windowSeconds !== null ? enqueuedAt + windowSeconds : p.forceInclusionWindowSeconds !== null ? enqueuedAt + p.forceInclusionWindowSeconds : null);
  return {
    rollupId: String(r.rollup_id),
    queueIndex: BigInt(String(r.queue_index)),
    kind: String(r.kind),
    sender: strOrNull(r.sender),
    enqueuedAt,
    deadline,
    windowSeconds,
    windowBlocks: numOrNull(r.window_blocks),
    messageHash: strOrNull(r.message_hash),
    ref: toRef(r),
  };
}

/** Points of the forced path in L1 order since `from` (batches, or zkSync executions). */
export async function loadDelayedReadPoints(db: Queryable, rollupId: string, p: RollupParameters, from: number): Promise<DelayedReadPoint[]> {
  if (p.forcedPath === 'priority-executed') {
    const rows = await db.query(
      `select r.block_time, r.extra->>'priorityTxsProcessed' as read from state_roots r
       where r.rollup_id = $1 and r.kind = 'ZK_EXECUTE' and r.block_time >= $2 order by ${rootOrder()}`,
      [rollupId, from],
    );
    return rows.map((r) => ({ time: num(r.block_time), delayedMessagesRead: bigOrNull(r.read), forced: false }));
  }
  // Batches, plus finalizations that report the messages they processed (Scroll since EuclidV2,
  // whose batches no longer reveal their message counts on L1): the running maximum decides.
  const rows = await db.query(
    `select block_time, read, forced from (
       select s.block_time, s.chain_id, s.block_number, s.tx_index, s.log_index, s.sub_index,
              s.delayed_messages_read::text as read, s.forced from sequencer_batches s
        where s.rollup_id = $1 and s.block_time >= $2
       union all
       select r.block_time, r.chain_id, r.block_number, r.tx_index, r.log_index, r.sub_index,
              ${FINALIZED_READ} as read, false from state_roots r
        where r.rollup_id = $1 and r.kind = 'ZK_EXECUTE' and r.block_time >= $2 and ${FINALIZED_READ} is not null
     ) s order by ${batchOrder()}`,
    [rollupId, from],
  );
  return rows.map((r) => ({ time: num(r.block_time), delayedMessagesRead: bigOrNull(r.read), forced: Boolean(r.forced) }));
}

/** Messages processed as reported by a finalization (Scroll `totalL1MessagePopped`), on a state_roots row `r`. */
export const FINALIZED_READ = `(r.extra->>'totalL1MessagePopped')`;

/** Highest processed count before `before` (so points loaded from `before` on continue from it). */
export async function loadProcessedBefore(db: Queryable, rollupId: string, p: RollupParameters, before: number): Promise<bigint> {
  if (p.forcedPath === 'priority-executed') {
    const [r] = await db.query(
      `select r.extra->>'priorityTxsProcessed' as read from state_roots r where r.rollup_id = $1 and r.kind = 'ZK_EXECUTE' and r.block_time < $2
       order by ${rootOrder('desc')} limit 1`,
      [rollupId, before],
    );
    return bigOrNull(r?.read) ?? 0n;
  }
  const [r] = await db.query(
    `select greatest(
       (select max(s.delayed_messages_read) from sequencer_batches s where s.rollup_id = $1 and s.block_time < $2),
       (select max(${FINALIZED_READ}::numeric) from state_roots r where r.rollup_id = $1 and r.kind = 'ZK_EXECUTE' and r.block_time < $2)
     )::text as read`,
    [rollupId, before],
  );
  return bigOrNull(r?.read) ?? 0n;
}

/** L2 block time: l2_blocks, else the carrying batch's endpoints/interpolation, else the OP genesis formula. */
export async function loadL2Time(db: Queryable, rollup: RollupRecord, b: number): Promise<{ time: number; estimated: boolean } | null> {
  const def = rollup.definition;
  if (def.stack === 'opstack' && b >= def.genesis.l2Block) return { time: def.genesis.l2Time + (b - def.genesis.l2Block) * def.genesis.blockTime, estimated: false };
  const [blk] = await db.query(`select timestamp from l2_blocks where rollup_id = $1 and number = $2`, [rollup.id, b]);
  if (blk) return { time: num(blk.timestamp), estimated: false };
  const [x] = await db.query(
    `select l2_block_start, l2_block_end, l2_time_start, l2_time_end from sequencer_batches
     where rollup_id = $1 and l2_block_end >= $2 and l2_block_start <= $2 and l2_time_start is not null and l2_time_end is not null limit 1`,
    [rollup.id, b],
  );
  if (!x) return null;
  const [s, e, ts, te] = [num(x.l2_block_start), num(x.l2_block_end), num(x.l2_time_start), num(x.l2_time_end)];
  if (b === s) return { time: ts, estimated: false };
  if (b === e) return { time: te, estimated: false };
  return { time: Math.round(ts + ((te - ts) * (b - s)) / (e - s)), estimated: true };
}
