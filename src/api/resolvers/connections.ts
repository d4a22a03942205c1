/**
 * The paginated lists of a rollup. Every list is ordered by a total order on a position key and
 * paged by keyset (`after` = the position of the last row seen), so cursors stay valid while facts
 * are added; a reorg that deletes the cursor's row only makes the next page start after it.
 */
import type { Queryable } from '../../db/client.ts';
import {
  attachRootDetails,
  batchSelect,
  challengeSummarySql,
  FINALIZED_READ,
  forcedSelect,
  num,
  numOrNull,
  refColumns,
  rootSelect,
  toBatch,
  toChallenge,
  toForced,
  toRef,
  toRootRecord,
  type RollupRecord,
} from '../../metrics/load.ts';
import type { RollupParameters } from '../../metrics/parameters.ts';
import type { HealthReason } from '../../metrics/health.ts';
import { connection, decodeCursor, encodeCursor, keysetCondition, pageSize, rangeConditions, type RangeFilter } from '../pagination.ts';
import type { ForcedNode, HealthChangeNode } from './nodes.ts';
import type { L1Ref } from '../../metrics/finality.ts';

type Order = 'NEWEST_FIRST' | 'OLDEST_FIRST';
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  filter?: RangeFilter | null;
  order?: Order | null;
}

const POSITION = ['block_time', 'chain_id', 'block_number', 'tx_index', 'log_index', 'sub_index'];
const positionOf = (r: L1Ref) => [r.time, r.chainId, r.blockNumber, r.txIndex, r.logIndex, r.subIndex];

async function pageByPosition<T>(
  db: Queryable,
  kind: string,
  alias: string,
  select: string,
  baseConds: string[],
  params: unknown[],
  args: PageArgs,
  map: (r: Record<string, unknown>) => T,
  refOf: (t: T) => L1Ref,
) {
  const first = pageSize(args.first);
  const desc = (args.order ?? 'NEWEST_FIRST') === 'NEWEST_FIRST';
  const conds = [...baseConds, ...rangeConditions(alias, args.filter, params)];
  const cols = POSITION.map((c) => `${alias}.${c}`);
  if (args.after) conds.push(keysetCondition(cols, decodeCursor(kind, args.after, 'nnnnnn'), desc, params));
  const order = cols.map((c) => `${c} ${desc ? 'desc' : 'asc'}`).join(', ');
  const rows = await db.query(`${select} where ${conds.join(' and ')} order by ${order} limit ${first + 1}`, params);
  return { items: rows.map(map), first, cursorOf: (t: T) => encodeCursor(kind, positionOf(refOf(t))) };
}

export async function batchesPage(db: Queryable, rollup: RollupRecord, args: PageArgs) {
  const { items, first, cursorOf } = await pageByPosition(db, 'batch', 's', batchSelect, ['s.rollup_id = $1'], [rollup.id], args, toBatch, (b) => b.ref);
  return connection(items, first, Boolean(args.after), cursorOf);
}

export async function stateRootsPage(db: Queryable, rollup: RollupRecord, args: PageArgs & { kind?: string | null }) {
  const params: unknown[] = [rollup.id];
  const conds = ['r.rollup_id = $1'];
  if (args.kind) conds.push(`r.kind = $${params.push(args.kind)}`);
  const { items, first, cursorOf } = await pageByPosition(db, 'root', 'r', rootSelect, conds, params, args, (r) => toRootRecord(r, rollup), (r) => r.ref);
  await attachRootDetails(db, rollup, items.slice(0, first));
  return connection(items, first, Boolean(args.after), cursorOf);
}

export async function challengesPage(db: Queryable, rollup: RollupRecord, args: PageArgs & { state?: 'OPEN' | 'RESOLVED' | null }) {
  const params: unknown[] = [rollup.id];
  const conds = ['c.rollup_id = $1'];
  // OPEN: no outcome yet and disputed (an OP game only once it has a move).
  if (args.state === 'OPEN') conds.push(rollup.stack === 'opstack' ? 'm.resolved_at is null and m.moves > 0' : 'm.resolved_at is null');
  if (args.state === 'RESOLVED') conds.push('m.resolved_at is not null');
  const first = pageSize(args.first);
  const desc = (args.order ?? 'NEWEST_FIRST') === 'NEWEST_FIRST';
  conds.push(...rangeConditions('c', args.filter, params));
  const cols = POSITION.map((c) => `c.${c}`);
  if (args.after) conds.push(keysetCondition(cols, decodeCursor('challenge', args.after, 'nnnnnn'), desc, params));
  const rows = await db.query(`${challengeSummarySql(conds.join(' and '))} order by ${cols.map((c) => `${c} ${desc ? 'desc' : 'asc'}`).join(', ')} limit ${first + 1}`, params);
  const items = rows.map((r) => toChallenge(r, rollup.stack));
  return connection(items, first, Boolean(args.after), (c) => encodeCursor('challenge', positionOf(c.created)));
}

/** Bridge messages: stage rows grouped by messageId, ordered by their first sighting. */
export async function bridgeMessagesPage(db: Queryable, rollup: RollupRecord, args: PageArgs & { direction?: string | null }) {
  const first = pageSize(args.first);
  const desc = (args.order ?? 'NEWEST_FIRST') === 'NEWEST_FIRST';
  const params: unknown[] = [rollup.id];
  const inner = ['b.rollup_id = $1'];
  if (args.direction) inner.push(`b.direction = $${params.push(args.direction)}`);
  const outer: string[] = ['true'];
  const f = args.filter;
  if (f) {
    // Filters apply to the first sighting (pos[1] = L1 time, pos[3] = block number).
    rangeConditions('x', f, []); // validation only
    if (f.from != null) outer.push(`pos[1] >= $${params.push(f.from)}`);
    if (f.to != null) outer.push(`pos[1] < $${params.push(f.to)}`);
    if (f.fromBlock != null) outer.push(`pos[3] >= $${params.push(f.fromBlock)}`);
    if (f.toBlock != null) outer.push(`pos[3] <= $${params.push(f.toBlock)}`);
  }
  if (args.after) {
    const key = decodeCursor('bridge', args.after, 'nnnnnns');
    outer.push(`(pos, message_id) ${desc ? '<' : '>'} ($${params.push(key.slice(0, 6))}::bigint[], $${params.push(key[6])})`);
  }
  const ids = await db.query<{ message_id: string; pos: string[] }>(
    `select message_id, pos from (
       select b.message_id, min(array[b.block_time, b.chain_id, b.block_number, b.tx_index, b.log_index, b.sub_index]) as pos
       from bridge_messages b where ${inner.join(' and ')} group by b.message_id) g
     where ${outer.join(' and ')} order by pos ${desc ? 'desc' : 'asc'}, message_id ${desc ? 'desc' : 'asc'} limit ${first + 1}`,
    params,
  );
  const page = ids.slice(0, first);
  const rows = page.length
    ? await db.query(
        `select ${refColumns('b')}, b.rollup_id, b.direction, b.kind, b.message_id, b.stage, b.sender, b.recipient, b.token, b.amount::text as amount, b.l2_tx_hash
         from bridge_messages b where b.rollup_id = $1 and b.message_id = any($2::text[]) order by b.block_time, b.chain_id, b.block_number, b.tx_index, b.log_index, b.sub_index`,
        [rollup.id, page.map((p) => p.message_id)],
      )
    : [];
  const STAGE_ORDER = ['INITIATED', 'INCLUDED', 'PROVEN', 'FINALIZED'];
  const nodes = ids.map((p) => {
    const mine = rows.filter((r) => r.message_id === p.message_id);
    const pick = (k: string) => mine.map((r) => r[k]).find((v) => v !== null && v !== undefined) ?? null;
    const stages = mine.map((r) => ({ stage: String(r.stage), l1: toRef(r) }));
    return {
      id: `${rollup.id}:${p.message_id}`,
      rollupId: rollup.id,
      direction: String(mine[0]?.direction ?? ''),
      kind: String(mine[0]?.kind ?? ''),
      messageId: p.message_id,
      sender: pick('sender'),
      recipient: pick('recipient'),
      token: pick('token'),
      amount: pick('amount'),
      l2TxHash: pick('l2_tx_hash'),
      stages: stages.map((s) => ({ stage: s.stage, l1: { ...s.l1, timestamp: s.l1.time, timestampSeconds: s.l1.time } })),
      stage: stages.map((s) => s.stage).sort((a, b) => STAGE_ORDER.indexOf(b) - STAGE_ORDER.indexOf(a))[0] ?? 'INITIATED',
      pos: p.pos.map(Number),
    };
  });
  return connection(nodes, first, Boolean(args.after), (n) => encodeCursor('bridge', [...n.pos, n.messageId]));
}

/**
 * SQL giving, per forced message f, its inclusion (time, the including batch's position, forced)
 * by the rollup's forced path. See src/metrics/censorship.ts for the rules.
 */
export function forcedInclusionSql(p: RollupParameters): string {
  switch (p.forcedPath) {
    case 'delayed-read':
      // The first batch that read past the message or, earlier, a finalization reporting it processed
      // (Scroll since EuclidV2: batches no longer reveal message counts on L1).
      return `left join lateral (select * from (
          (select s.block_time as inc_time, s.chain_id as inc_chain, s.block_number as inc_block, s.tx_index as inc_tx,
            s.log_index as inc_log, s.sub_index as inc_sub, s.forced as inc_forced
          from sequencer_batches s where s.rollup_id = f.rollup_id and s.delayed_messages_read > f.queue_index
          order by s.delayed_messages_read, s.block_time, s.block_number, s.tx_index, s.log_index limit 1)
          union all
          (select r.block_time, r.chain_id, r.block_number, r.tx_index, r.log_index, r.sub_index, false
          from state_roots r where r.rollup_id = f.rollup_id and r.kind = 'ZK_EXECUTE' and ${FINALIZED_READ}::numeric > f.queue_index
          order by r.block_time, r.block_number, r.log_index limit 1)
        ) c order by inc_time, inc_block, inc_tx, inc_log limit 1) inc on true`;
    case 'priority-executed':
      return `left join lateral (select r.block_time as inc_time, null::int as inc_chain, null::bigint as inc_block, null::int as inc_tx,
          null::int as inc_log, null::int as inc_sub, false as inc_forced
        from state_roots r where r.rollup_id = f.rollup_id and r.kind = 'ZK_EXECUTE' and (r.extra->>'priorityTxsProcessed')::numeric > f.queue_index
        order by r.block_time, r.block_number, r.log_index limit 1) inc on true`;
    case 'sequencing-window':
      return `left join lateral (select s.block_time as inc_time, s.chain_id as inc_chain, s.block_number as inc_block, s.tx_index as inc_tx,
          s.log_index as inc_log, s.sub_index as inc_sub, s.forced as inc_forced
        from sequencer_batches s where s.rollup_id = f.rollup_id and s.block_time > f.block_time
        order by s.block_time, s.chain_id, s.block_number, s.tx_index, s.log_index limit 1) inc on true`;
    default:
      return `left join lateral (select null::bigint as inc_time, null::int as inc_chain, null::bigint as inc_block, null::int as inc_tx,
          null::int as inc_log, null::int as inc_sub, false as inc_forced) inc on true`;
  }
}

/** Forced messages with their inclusion columns (inc_*): append `where ...`. */
export function forcedNodeSelect(p: RollupParameters): string {
  return `${forcedSelect.replace(' from forced_messages f', ', inc.* from forced_messages f')} ${forcedInclusionSql(p)}`;
}

export function toForcedNode(r: Record<string, unknown>, p: RollupParameters, now: number): ForcedNode {
  const m = toForced(r, p);
  let includedAt = numOrNull(r.inc_time);
  let includedBy: L1Ref | null =
    r.inc_chain === null || r.inc_chain === undefined
      ? null
      : { chainId: num(r.inc_chain), blockNumber: num(r.inc_block), blockHash: '', txHash: '', txIndex: num(r.inc_tx), logIndex: num(r.inc_log), subIndex: num(r.inc_sub), time: num(r.inc_time) };
  let forced = Boolean(r.inc_forced);
  if (p.forcedPath === 'sequencing-window' && m.deadline !== null && (includedAt === null || includedAt > m.deadline)) {
    // No batch before the deadline: the derivation forces the deposit in at its deadline.
    includedAt = m.deadline <= now ? m.deadline : null;
    includedBy = null;
    forced = includedAt !== null;
  }
  if (includedAt !== null && includedAt > now) {
    includedAt = null;
    includedBy = null;
    forced = false;
  }
  return { ...m, includedAt, includedBy, forcedInclusion: forced, now };
}

export async function forcedMessagesPage(db: Queryable, rollup: RollupRecord, p: RollupParameters, now: number, args: PageArgs & { pendingOnly?: boolean | null }, processed: string) {
  const first = pageSize(args.first);
  const desc = (args.order ?? 'NEWEST_FIRST') === 'NEWEST_FIRST';
  const params: unknown[] = [rollup.id];
  const conds = ['f.rollup_id = $1', ...rangeConditions('f', args.filter, params)];
  if (args.pendingOnly) {
    if (p.forcedPath === 'sequencing-window') conds.push(`not exists (select 1 from sequencer_batches s where s.rollup_id = f.rollup_id and s.block_time > f.block_time)`);
    else conds.push(`f.queue_index >= $${params.push(processed)}::numeric`);
  }
  if (args.after) {
    const [idx, chain, block, log] = decodeCursor('forced', args.after, 'snnn');
    if (!/^\d+$/.test(String(idx))) decodeCursor('forced', '!', 'snnn');
    conds.push(`(f.queue_index, f.chain_id, f.block_number, f.log_index) ${desc ? '<' : '>'} ($${params.push(idx)}::numeric, $${params.push(chain)}, $${params.push(block)}, $${params.push(log)})`);
  }
  const dir = desc ? 'desc' : 'asc';
  const rows = await db.query(
    `${forcedNodeSelect(p)} where ${conds.join(' and ')} order by f.queue_index ${dir}, f.chain_id ${dir}, f.block_number ${dir}, f.log_index ${dir} limit ${first + 1}`,
    params,
  );
  const nodes = rows.map((r) => toForcedNode(r, p, now));
  const filtered = args.pendingOnly ? nodes.filter((n) => n.includedAt === null) : nodes;
  return connection(filtered, first, Boolean(args.after), (n) => encodeCursor('forced', [n.queueIndex.toString(), n.ref.chainId, n.ref.blockNumber, n.ref.logIndex]));
}

export async function healthHistoryPage(db: Queryable, rollupId: string, args: { first?: number | null; after?: string | null }) {
  const first = pageSize(args.first);
  const params: unknown[] = [rollupId];
  const conds = ['rollup_id = $1'];
  if (args.after) conds.push(`id < $${params.push(decodeCursor('health', args.after, 'n')[0])}`);
  const rows = await db.query(`select * from health_changes where ${conds.join(' and ')} order by id desc limit ${first + 1}`, params);
  return connection(rows.map(toHealthChange), first, Boolean(args.after), (h) => encodeCursor('health', [h.id]));
}

export function toHealthChange(r: Record<string, unknown>): HealthChangeNode {
  return {
    id: num(r.id),
    rollupId: String(r.rollup_id),
    status: String(r.status),
    previousStatus: r.previous_status === null ? null : String(r.previous_status),
    reasons: (r.reasons ?? []) as HealthReason[],
    at: num(r.at),
    since: numOrNull(r.since),
  };
}
