import { bigint, boolean, index, integer, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Block headers: every block a fact came from, plus the recent unfinalized headers of each chain.
 * Invariant: only canonical blocks are kept — (chainId, number) is unique, and each row's
 * parentHash equals the hash of the row at number − 1 when that row is present.
 */
export const blocks = pgTable(
  'blocks',
  {
    chainId: integer('chain_id').notNull(),
    number: bigint('number', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
    parentHash: text('parent_hash').notNull(),
    timestamp: bigint('timestamp', { mode: 'number' }).notNull(),
    baseFeePerGas: numeric('base_fee_per_gas', { precision: 78, scale: 0 }),
    blobGasUsed: bigint('blob_gas_used', { mode: 'number' }),
    excessBlobGas: bigint('excess_blob_gas', { mode: 'number' }),
    /** Unix time rollscope saw this block become finalized (or the estimate, see below). */
    finalizedAt: bigint('finalized_at', { mode: 'number' }),
    /** True when finalizedAt was estimated from the epoch rule rather than observed live. */
    finalizedEstimated: boolean('finalized_estimated').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.chainId, t.number] }), index('blocks_hash_idx').on(t.chainId, t.hash), index('blocks_time_idx').on(t.chainId, t.timestamp)],
);

/** Heads of each chain as last read from its RPC (latest, and the chain's own safe/finalized tags). */
export const chainHeads = pgTable('chain_heads', {
  chainId: integer('chain_id').primaryKey(),
  latest: bigint('latest', { mode: 'number' }).notNull(),
  safe: bigint('safe', { mode: 'number' }),
  finalized: bigint('finalized', { mode: 'number' }),
  latestTime: bigint('latest_time', { mode: 'number' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Block ranges of a source already ingested (inclusive). A source is one (chain, filter) the
 * ingest reads, e.g. `arbitrum-one:logs` or `base:batcher-txs`.
 * Invariant: ranges of one (chainId, source) never overlap; adjacent ranges may be merged.
 */
export const syncRanges = pgTable(
  'sync_ranges',
  {
    chainId: integer('chain_id').notNull(),
    source: text('source').notNull(),
    fromBlock: bigint('from_block', { mode: 'number' }).notNull(),
    toBlock: bigint('to_block', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.chainId, t.source, t.fromBlock] })],
);
