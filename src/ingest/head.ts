/**
 * Head following of one chain. `blocks` holds a parent-hash linked list of the chain from the
 * finalized anchor up to the followed tip (chain_heads.latest).
 * Invariant: for every stored n in (finalized, tip], blocks[n].parentHash = blocks[n − 1].hash.
 *
 * Each tick reads latest/safe/finalized (one batch, one node), extends the list, or on a reorg
 * (same height with a new hash, or a lower head with a new hash) walks back to the common
 * ancestor and, in one transaction under the exclusive chain lock, deletes every fact, header,
 * factory child and decoder state above it and cuts sync progress back, then links the new branch.
 * A node whose head is lower but agrees with us lags: retryable, nothing is touched.
 */
import type { Database, Queryable } from '../db/client.ts';
import { ChainError } from '../chain/errors.ts';
import { getHeaders, getHeadTags, getHeader, type Finality } from '../chain/blocks.ts';
import type { BlockHeader } from '../chain/format.ts';
import type { RpcClient } from '../chain/rpc.ts';
import { insertHeaders } from './commit.ts';
import { chainLockSql, factTableNames } from './tables.ts';

export interface HeadUpdate {
  chainId: number;
  /** Followed tip (all headers up to it are linked and stored). */
  tip: number;
  tipTime: number;
  /** The node's latest (may be ahead of tip when catching up). */
  latest: number;
  safe: number;
  finalized: number;
  reorg?: { ancestor: number; depth: number; oldTip: number };
  /** Blocks whose finalization was observed by this tick. */
  newlyFinalized: number;
}

export interface FollowHeadArgs {
  db: Database;
  rpc: RpcClient;
  chainId: number;
  finality: Finality;
  /** Headers fetched per tick at most (catching up after downtime). */
  maxHeadersPerTick?: number;
  /** Blocks whose finalization is stamped live only when the previous tick is at most this old (ms). */
  liveWindowMs?: number;
}

interface StoredTip { number: number; hash: string; finalized: number | null; updatedAt: Date }

async function readTip(db: Queryable, chainId: number): Promise<StoredTip | undefined> {
  const rows = await db.query<{ latest: number; finalized: number | null; hash: string | null; updated_at: Date }>(
    `select h.latest, h.finalized, b.hash, h.updated_at from chain_heads h left join blocks b on b.chain_id = h.chain_id and b.number = h.latest where h.chain_id = $1`,
    [chainId],
  );
  const r = rows[0];
  if (!r || !r.hash) return undefined;
  return { number: Number(r.latest), hash: r.hash, finalized: r.finalized === null ? null : Number(r.finalized), updatedAt: new Date(r.updated_at) };
}

async function storedHashes(db: Queryable, chainId: number, from: number, to: number): Promise<Map<number, string>> {
  const rows = await db.query<{ number: number; hash: string }>(`select number, hash from blocks where chain_id = $1 and number between $2 and $3`, [chainId, from, to]);
  return new Map(rows.map((r) => [Number(r.number), r.hash]));
}

/** The previous tick is recent: what changes between then and now is witnessed live. */
const isLive = (tip: StoredTip, windowMs = 60_000) => Date.now() - tip.updatedAt.getTime() <= windowMs;

/** Fetches [from, to] and checks the links among them and to `parentHash`. */
async function linkedHeaders(rpc: RpcClient, from: number, to: number, parentHash: string | undefined): Promise<BlockHeader[] | 'unlinked'> {
  const numbers: number[] = [];
  for (let n = from; n <= to; n++) numbers.push(n);
  const hs = await getHeaders(rpc, numbers);
  for (let i = 1; i < hs.length; i++) {
    if (hs[i].parentHash !== hs[i - 1].hash) {
      throw new ChainError('headers of one batch do not link', { kind: 'inconsistent', what: 'head follow', where: { chainId: rpc.chainId, block: hs[i].number }, expected: `parent ${hs[i - 1].hash}` });
    }
  }
  if (parentHash !== undefined && hs.length > 0 && hs[0].parentHash !== parentHash) return 'unlinked';
  return hs;
}

export async function followHead(args: FollowHeadArgs): Promise<HeadUpdate> {
  const { db, rpc, chainId } = args;
  const maxHeaders = args.maxHeadersPerTick ?? 1_000;
  const tags = await getHeadTags(rpc, args.finality);
  let tip = await readTip(db, chainId);

  if (!tip) {
    // First run: anchor at the node's finalized block; everything below it is history.
    const anchor = tags.finalized === tags.latest.number ? tags.latest : await getHeader(rpc, tags.finalized);
    await db.transaction(async (tx) => {
      await tx.query(chainLockSql('exclusive'), [chainId]);
      await insertHeaders(tx, chainId, [anchor], true);
      await tx.query(
        `insert into chain_heads (chain_id, latest, safe, finalized, latest_time, updated_at) values ($1, $2, $3, $4, $5, now())
         on conflict (chain_id) do update set latest = excluded.latest, safe = excluded.safe, finalized = excluded.finalized,
           latest_time = excluded.latest_time, updated_at = now()`,
        [chainId, anchor.number, Math.min(tags.safe, anchor.number), anchor.number, anchor.timestamp],
      );
    });
    tip = (await readTip(db, chainId))!;
  }

  const latest = tags.latest;
  // Finalized blocks never change: a node whose finalized (or whole) head is below ours lags.
  if (tip.finalized !== null && (tags.finalized < tip.finalized || latest.number <= tip.finalized && latest.number < tip.number)) {
    throw new ChainError('node is behind our finalized head', { kind: 'lagging', what: 'head follow', where: { chainId, nodeHead: latest.number, nodeFinalized: tags.finalized, finalized: tip.finalized }, expected: `a finalized head >= ${tip.finalized}` });
  }
  let ancestor: number | undefined;
  let branch: BlockHeader[] = [];

  if (latest.number < tip.number) {
    const ours = await storedHashes(db, chainId, latest.number, latest.number);
    if (ours.get(latest.number) === latest.hash) {
      throw new ChainError('node head went backwards without a reorg', { kind: 'lagging', what: 'head follow', where: { chainId, nodeHead: latest.number, tip: tip.number }, expected: `a head >= ${tip.number}` });
    }
    ancestor = await findAncestor(args, latest.number, tip.finalized ?? 0);
  } else if (latest.number === tip.number) {
    if (latest.hash !== tip.hash) ancestor = await findAncestor(args, tip.number, tip.finalized ?? 0);
  } else {
    const to = Math.min(latest.number, tip.number + maxHeaders);
    // The node finalized past our tip. While following live (and the gap is small) walk on block by
    // block, so every block whose finalization we witness has its header stored and stamped; after
    // a downtime, re-anchor at the node's finalized block (the history between is backfilled).
    const reanchor = tags.finalized > tip.number && (!isLive(tip, args.liveWindowMs) || tags.finalized - tip.number > maxHeaders);
    const fromBlock = reanchor ? tags.finalized : tip.number + 1;
    if (fromBlock > tip.number + 1) {
      // Long downtime: the node finalized past our tip. Check our tip is still canonical, then re-anchor.
      const [nodeAtTip] = await getHeaders(rpc, [tip.number]);
      if (nodeAtTip.hash !== tip.hash) ancestor = await findAncestor(args, tip.number, tip.finalized ?? 0);
      else {
        const anchor = await getHeader(rpc, fromBlock - 1);
        const rest = await linkedHeaders(rpc, fromBlock, Math.min(latest.number, fromBlock + maxHeaders - 1), anchor.hash);
        if (rest === 'unlinked') throw new ChainError('headers do not link to the new anchor', { kind: 'inconsistent', what: 'head follow', where: { chainId, block: fromBlock } });
        branch = [anchor, ...rest];
      }
    } else {
      const hs = await linkedHeaders(rpc, tip.number + 1, to, tip.hash);
      if (hs === 'unlinked') ancestor = await findAncestor(args, tip.number, tip.finalized ?? 0);
      else branch = hs;
    }
  }

  if (ancestor !== undefined) {
    const to = Math.min(latest.number, ancestor + maxHeaders);
    const [anc] = await getHeaders(rpc, [ancestor]);
    const hs = to > ancestor ? await linkedHeaders(rpc, ancestor + 1, to, anc.hash) : [];
    if (hs === 'unlinked') throw new ChainError('new branch does not link to the ancestor', { kind: 'inconsistent', what: 'head follow', where: { chainId, ancestor } });
    branch = hs;
  }

  const newTip = branch.length > 0 ? branch[branch.length - 1] : ancestor !== undefined ? await getHeader(rpc, ancestor) : { number: tip.number, hash: tip.hash as `0x${string}`, timestamp: 0 };
  const finalized = Math.min(tags.finalized, newTip.number);
  const safe = Math.min(tags.safe, newTip.number);
  const live = isLive(tip, args.liveWindowMs);
  const before = tip;

  const stampsFinality = live && before.finalized !== null && finalized > before.finalized;
  const result = ancestor === undefined && branch.length === 0 && !stampsFinality
    ? await markQuietTick(db, chainId, before, safe, finalized)
    : await db.transaction(async (tx) => {
      await tx.query(chainLockSql('exclusive'), [chainId]);
      // Optimistic concurrency: another head job may have moved the tip meanwhile; then do nothing.
      const now = await readTip(tx, chainId);
      if (!now || now.number !== before.number || now.hash !== before.hash) return undefined;
      if (ancestor !== undefined) await rewind(tx, chainId, ancestor);
      await insertHeaders(tx, chainId, branch, true);
      let newlyFinalized = 0;
      if (stampsFinality) {
        const rows = await tx.query<{ n: number }>(
          `with u as (update blocks set finalized_at = extract(epoch from now())::bigint, finalized_estimated = false
             where chain_id = $1 and number > $2 and number <= $3 and finalized_at is null returning 1) select count(*)::int as n from u`,
          [chainId, before.finalized, finalized],
        );
        newlyFinalized = Number(rows[0]?.n ?? 0);
      }
      const tipTime = branch.length > 0 ? branch[branch.length - 1].timestamp : null;
      await tx.query(
        `update chain_heads set latest = $2, safe = greatest(coalesce(safe, 0), $3), finalized = greatest(coalesce(finalized, 0), $4),
           latest_time = coalesce($5, latest_time), updated_at = now() where chain_id = $1`,
        [chainId, newTip.number, safe, finalized, tipTime],
      );
      const [row] = await tx.query<{ latest_time: number | null }>(`select latest_time from chain_heads where chain_id = $1`, [chainId]);
      return { newlyFinalized, tipTime: Number(row?.latest_time ?? 0) };
    });

  return {
    chainId,
    tip: result ? newTip.number : before.number,
    tipTime: result?.tipTime ?? 0,
    latest: latest.number,
    safe,
    finalized,
    reorg: result && ancestor !== undefined ? { ancestor, depth: before.number - ancestor, oldTip: before.number } : undefined,
    newlyFinalized: result?.newlyFinalized ?? 0,
  };
}

/**
 * A tick that found nothing new (no headers, no reorg, no finalization to stamp) only records that
 * it ran and the node's safe/finalized numbers, which never go down. Commits do not depend on that,
 * so it runs without the exclusive chain lock: taken every tick, that lock made every commit in
 * flight finish and every new one wait behind it. The tip must still be the one this tick read
 * (another head job may have moved it); else nothing is written, as in the locked path.
 */
async function markQuietTick(db: Database, chainId: number, before: StoredTip, safe: number, finalized: number): Promise<{ newlyFinalized: number; tipTime: number } | undefined> {
  const [row] = await db.query<{ latest_time: number | null }>(
    `update chain_heads h set safe = greatest(coalesce(h.safe, 0), $3), finalized = greatest(coalesce(h.finalized, 0), $4), updated_at = now()
     where h.chain_id = $1 and h.latest = $2 and exists (select 1 from blocks b where b.chain_id = $1 and b.number = $2 and b.hash = $5)
     returning h.latest_time`,
    [chainId, before.number, safe, finalized, before.hash],
  );
  return row ? { newlyFinalized: 0, tipTime: Number(row.latest_time ?? 0) } : undefined;
}

/**
 * Drops headers of finalized blocks that no fact refers to, below `upTo` (exclusive), keeping the
 * table to "blocks facts came from + the unfinalized list". Callers pass
 * min(finalized, every source's contiguous frontier) so no job still needs those headers.
 * Runs under the exclusive chain lock: a concurrent commit cannot add a fact to a block being dropped.
 */
export async function pruneHeaders(db: Database, chainId: number, fromBlock: number, upTo: number): Promise<number> {
  if (upTo <= fromBlock) return 0;
  return db.transaction(async (tx) => {
    await tx.query(chainLockSql('exclusive'), [chainId]);
    const rows = await tx.query<{ n: number }>(
      `with gone as (delete from blocks b where b.chain_id = $1 and b.number >= $2 and b.number < $3
         ${factTableNames.map((t) => `and not exists (select 1 from ${t} f where f.chain_id = b.chain_id and f.block_number = b.number)`).join(' ')}
         and b.number < (select latest from chain_heads where chain_id = $1)
       returning 1) select count(*)::int as n from gone`,
      [chainId, fromBlock, upTo],
    );
    return Number(rows[0]?.n ?? 0);
  });
}

/** Highest block ≤ from where the node and our stored list agree. Never below the stored finalized head. */
async function findAncestor(args: FollowHeadArgs, from: number, finalized: number): Promise<number> {
  const step = 32;
  for (let hi = from; hi >= finalized; hi -= step) {
    const lo = Math.max(finalized, hi - step + 1);
    const ours = await storedHashes(args.db, args.chainId, lo, hi);
    const numbers: number[] = [];
    for (let n = hi; n >= lo; n--) numbers.push(n);
    const theirs = await getHeaders(args.rpc, numbers);
    for (const h of theirs) {
      if (ours.get(h.number) === h.hash) return h.number;
    }
  }
  throw new ChainError('reorg deeper than the finalized head', { kind: 'deep_reorg', what: 'head follow', where: { chainId: args.chainId, from, finalized }, expected: 'finalized blocks never change' });
}

/** Deletes everything above `ancestor` on this chain and cuts sync progress back (caller holds the exclusive chain lock). */
export async function rewind(tx: Queryable, chainId: number, ancestor: number): Promise<void> {
  for (const t of factTableNames) await tx.query(`delete from ${t} where chain_id = $1 and block_number > $2`, [chainId, ancestor]);
  await tx.query(`delete from blocks where chain_id = $1 and number > $2`, [chainId, ancestor]);
  await tx.query(`delete from factory_children where chain_id = $1 and block_number > $2`, [chainId, ancestor]);
  // Sources whose decoder state had versions above the ancestor resume from their last remaining version.
  const cut = await tx.query<{ source: string; resume: number | null }>(
    `with gone as (delete from decoder_state where chain_id = $1 and block_number > $2 returning source)
     select g.source, (select max(block_number) from decoder_state d where d.chain_id = $1 and d.source = g.source and d.block_number <= $2) as resume
     from (select distinct source from gone) g`,
    [chainId, ancestor],
  );
  await tx.query(`delete from sync_ranges where chain_id = $1 and from_block > $2`, [chainId, ancestor]);
  await tx.query(`update sync_ranges set to_block = $2 where chain_id = $1 and to_block > $2`, [chainId, ancestor]);
  for (const { source, resume } of cut) {
    const keep = resume === null ? -1 : Number(resume);
    await tx.query(`delete from sync_ranges where chain_id = $1 and source = $2 and from_block > $3`, [chainId, source, keep]);
    await tx.query(`update sync_ranges set to_block = $3 where chain_id = $1 and source = $2 and to_block > $3`, [chainId, source, keep]);
  }
}
