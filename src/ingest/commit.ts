/**
 * Commits one range of one source in ONE transaction: facts, headers of the blocks they came from,
 * sync progress, decoder state and discovered factory children. Idempotent (natural keys: facts
 * COPYed, or inserted ON CONFLICT DO NOTHING when some are there already; ranges merged), so a
 * worker killed at any instant loses nothing and a retry duplicates nothing.
 *
 * Reorg safety: the commit holds the chain lock in shared mode (a reorg takes it exclusively) and
 * checks every block it writes against the canonical headers in `blocks`; a range read from a
 * fork the head follower has since abandoned is refused (retryable `stale_fork`) and refetched.
 */
import type { Database, Queryable } from '../db/client.ts';
import { encodeRows, jsonText, releaseEncoded, writeEncoded, type EncodedRows } from '../db/write.ts';
import type { Facts } from '../stacks/types.ts';
import { ChainError } from '../chain/errors.ts';
import type { BlockHeader } from '../chain/format.ts';
import type { FactoryChild } from './fetch.ts';
import { chainLockSql, factTables, sourceLockSql } from './tables.ts';

export interface CommitArgs {
  db: Database;
  chainId: number;
  source: string;
  fromBlock: number;
  toBlock: number;
  headers: Map<number, BlockHeader>;
  /** The facts, checked and encoded by prepareFacts. */
  facts: PreparedFacts;
  stateWrites?: Map<string, unknown>;
  newChildren?: FactoryChild[];
}

export interface CommitResult {
  /** New fact rows by table (0 for rows already present). */
  written: Partial<Record<keyof Facts, number>>;
  factRows: number;
}

/**
 * Facts checked against their range and encoded for writing (bytes only: the rows can go). The
 * encoded text lives in reused blocks: commitRange releases it, or releasePrepared when dropped.
 */
export interface PreparedFacts {
  /** Blocks the facts come from (their headers are stored with them). */
  blocks: Set<number>;
  tables: { key: keyof Facts; encoded: EncodedRows }[];
}

export function prepareFacts(range: FactsRange, facts: Facts): PreparedFacts {
  const blocks = checkFacts(range, facts);
  const tables: PreparedFacts['tables'] = [];
  for (const key of Object.keys(factTables) as (keyof Facts)[]) {
    if (facts[key].length > 0) tables.push({ key, encoded: encodeRows(factTables[key], facts[key] as never) });
  }
  return { blocks, tables };
}

/** Facts of consecutive slices of one range as one: each table's encoded chunks in order. */
export function mergePrepared(a: PreparedFacts, b: PreparedFacts): PreparedFacts {
  for (const n of b.blocks) a.blocks.add(n);
  for (const t of b.tables) {
    const mine = a.tables.find((x) => x.key === t.key);
    if (mine) mine.encoded.text.append(t.encoded.text);
    else a.tables.push(t);
  }
  return a;
}

/** Gives the blocks of prepared facts back for reuse (they cannot be written afterwards). */
export function releasePrepared(facts: PreparedFacts): void {
  for (const t of facts.tables) releaseEncoded(t.encoded);
}

/** Commits the facts and the range's progress; the facts are released once the transaction has ended, whatever its outcome. */
export async function commitRange(args: CommitArgs): Promise<CommitResult> {
  try {
    return await commitInTransaction(args);
  } finally {
    releasePrepared(args.facts);
  }
}

/**
 * Round trips are few, because each waits for the event loop, which decodes other ranges meanwhile:
 * statements that need no answer in between go out together (postgres.js pipelines them on the
 * transaction's connection; Postgres runs them in order), so a commit is begin, checks, one COPY
 * per table, progress, commit.
 */
async function commitInTransaction(args: CommitArgs): Promise<CommitResult> {
  const { chainId, source, fromBlock, toBlock, headers, facts } = args;
  const factBlocks = facts.blocks;
  return args.db.transaction(async (tx) => {
    // Safe without waiting for the WAL flush: facts and progress commit together, so a commit lost
    // in a database crash only means that range is ingested again.
    const numbers = [...headers.keys()];
    const [, , heads, stored] = await Promise.all([
      args.db.kind === 'postgres' ? tx.query('set local synchronous_commit = off') : undefined,
      tx.query(chainLockSql('shared'), [chainId]),
      tx.query<{ finalized: number | null; latest: number }>(`select finalized, latest from chain_heads where chain_id = $1`, [chainId]),
      tx.query<{ number: number; hash: string }>(`select number, hash from blocks where chain_id = $1 and number = any($2::bigint[])`, [chainId, numbers]),
    ]);
    checkCanonical(chainId, toBlock, headers, heads[0], stored);

    const written: CommitResult['written'] = {};
    let factRows = 0;
    for (const { key, encoded } of facts.tables) {
      factRows += encoded.text.rows;
      written[key] = await writeEncoded(tx, encoded);
    }
    const progress: Promise<unknown>[] = [
      insertHeaders(tx, chainId, [...factBlocks].map((n) => headers.get(n)!), false),
      // The source lock serialises only the range merge at the end, not the fact writes before it.
      tx.query(sourceLockSql, [chainId, source]),
      tx.query(addSyncRangeSql, [chainId, source, fromBlock, toBlock]),
    ];
    if (args.stateWrites && args.stateWrites.size > 0) {
      const keys = [...args.stateWrites.keys()];
      progress.push(tx.query(
        `insert into decoder_state (chain_id, source, key, block_number, value)
         select $1, $2, k, $3, v::jsonb from unnest($4::text[], $5::text[]) as u(k, v)
         on conflict (chain_id, source, key, block_number) do update set value = excluded.value`,
        [chainId, source, toBlock, keys, keys.map((k) => jsonText(args.stateWrites!.get(k)))],
      ));
    }
    if (args.newChildren && args.newChildren.length > 0) {
      const c = args.newChildren;
      progress.push(tx.query(
        `insert into factory_children (chain_id, source, address, block_number, log_index)
         select $1, $2, a, b, l from unnest($3::text[], $4::bigint[], $5::int[]) as u(a, b, l)
         on conflict do nothing`,
        [chainId, source, c.map((x) => x.address), c.map((x) => x.blockNumber), c.map((x) => x.logIndex)],
      ));
    }
    await Promise.all(progress);
    return { written, factRows };
  });
}

type FactsRange = Pick<CommitArgs, 'chainId' | 'source' | 'fromBlock' | 'toBlock' | 'headers'>;

/** Every fact row must come from this chain, this range, and a block whose header we hold. */
function checkFacts({ chainId, fromBlock, toBlock, headers, source }: FactsRange, facts: Facts): Set<number> {
  const blocksUsed = new Set<number>();
  for (const key of Object.keys(factTables) as (keyof Facts)[]) {
    for (const row of facts[key] as { chainId: number; blockNumber: number; blockHash: string }[]) {
      const h = headers.get(row.blockNumber);
      if (row.chainId !== chainId || row.blockNumber < fromBlock || row.blockNumber > toBlock || !h || (h.hash !== row.blockHash && h.hash !== row.blockHash.toLowerCase())) {
        throw new ChainError('decoder produced a fact outside its batch', {
          kind: 'bad_request', what: `decode ${source}`,
          where: { table: key, chainId: row.chainId, block: row.blockNumber, hash: row.blockHash },
          expected: `chain ${chainId}, a block of [${fromBlock}, ${toBlock}] that the batch holds`,
        });
      }
      blocksUsed.add(row.blockNumber);
    }
  }
  return blocksUsed;
}

/**
 * Blocks above the stored finalized head must be the canonical ones the head follower holds;
 * blocks below it must not contradict a stored header. `head` and `stored` are read under the lock.
 */
function checkCanonical(chainId: number, toBlock: number, headers: Map<number, BlockHeader>, head: { finalized: number | null; latest: number } | undefined, stored: { number: number; hash: string }[]): void {
  const storedHash = new Map(stored.map((r) => [Number(r.number), r.hash]));
  const finalized = head?.finalized ?? -1;
  for (const n of headers.keys()) {
    const h = storedHash.get(n);
    const mine = headers.get(n)!.hash;
    if (h !== undefined && h !== mine) {
      throw new ChainError('range read from a non-canonical block', { kind: 'stale_fork', what: 'commit', where: { chainId, block: n, read: mine }, expected: h });
    }
    if (h === undefined && n > finalized) {
      throw new ChainError('range reaches past the followed head', { kind: 'stale_fork', what: 'commit', where: { chainId, block: n, finalized, tip: head?.latest ?? null }, expected: 'a block the head follower holds' });
    }
  }
  if (head && toBlock > head.latest) {
    throw new ChainError('range ends past the followed head', { kind: 'stale_fork', what: 'commit', where: { chainId, toBlock, tip: head.latest } });
  }
}

export async function insertHeaders(tx: Queryable, chainId: number, headers: BlockHeader[], replace: boolean): Promise<void> {
  if (headers.length === 0) return;
  await tx.query(
    `insert into blocks (chain_id, number, hash, parent_hash, timestamp, base_fee_per_gas, blob_gas_used, excess_blob_gas)
     select $1, n, h, p, t, b::numeric, bg, eb from unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::bigint[], $8::bigint[]) as u(n, h, p, t, b, bg, eb)
     on conflict (chain_id, number) do ${replace ? 'update set hash = excluded.hash, parent_hash = excluded.parent_hash, timestamp = excluded.timestamp, base_fee_per_gas = excluded.base_fee_per_gas, blob_gas_used = excluded.blob_gas_used, excess_blob_gas = excluded.excess_blob_gas, finalized_at = null where blocks.hash <> excluded.hash' : 'nothing'}`,
    [
      chainId,
      headers.map((h) => h.number),
      headers.map((h) => h.hash),
      headers.map((h) => h.parentHash),
      headers.map((h) => h.timestamp),
      headers.map((h) => (h.baseFeePerGas === undefined ? null : h.baseFeePerGas.toString())),
      headers.map((h) => h.blobGasUsed ?? null),
      headers.map((h) => h.excessBlobGas ?? null),
    ],
  );
}

/**
 * Adds [$3, $4] to the source's done ranges in one statement (under the source lock): the ranges it
 * overlaps or touches are deleted and come back merged with it as one.
 */
const addSyncRangeSql = `with touching as (
    delete from sync_ranges where chain_id = $1 and source = $2 and to_block >= $3::bigint - 1 and from_block <= $4::bigint + 1
    returning from_block, to_block)
  insert into sync_ranges (chain_id, source, from_block, to_block)
  select $1, $2, least($3::bigint, min(from_block)), greatest($4::bigint, max(to_block))
  from (select from_block, to_block from touching union all select $3::bigint, $4::bigint) r`;
