import { bigint, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * Contracts discovered from factory logs (e.g. OP dispute games), per factory source, so a restart
 * keeps watching them. Rows created in reorged blocks are deleted with the facts.
 */
export const factoryChildren = pgTable(
  'factory_children',
  {
    chainId: integer('chain_id').notNull(),
    source: text('source').notNull(),
    address: text('address').notNull(),
    /** Block of the factory log that created it; the child is watched from this block on. */
    blockNumber: bigint('block_number', { mode: 'number' }).notNull(),
    logIndex: integer('log_index').notNull(),
  },
  (t) => [primaryKey({ columns: [t.chainId, t.source, t.address] }), index('factory_children_block_idx').on(t.chainId, t.blockNumber)],
);

/**
 * Decoder state (DecodeContext.state) as versions: a commit of range [a, b] that set a key writes
 * the row (key, b). A read while decoding a range starting at `a` sees, per key, the latest row
 * with blockNumber < a. A reorg deletes rows above the common ancestor.
 */
export const decoderState = pgTable(
  'decoder_state',
  {
    chainId: integer('chain_id').notNull(),
    source: text('source').notNull(),
    key: text('key').notNull(),
    blockNumber: bigint('block_number', { mode: 'number' }).notNull(),
    value: jsonb('value'),
  },
  (t) => [primaryKey({ columns: [t.chainId, t.source, t.key, t.blockNumber] }), index('decoder_state_block_idx').on(t.chainId, t.blockNumber)],
);
