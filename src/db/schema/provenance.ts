import { bigint, integer, text } from 'drizzle-orm/pg-core';

/**
 * Where a fact came from. Every fact row carries these columns; together they are its natural key
 * (chainId, blockNumber, txIndex, logIndex, subIndex):
 * - log-derived facts: logIndex = the log's index in its block, subIndex = 0;
 * - transaction-derived facts (e.g. OP batches read from batcher txs): logIndex = -1 and subIndex
 *   numbers the facts taken from that one transaction (0, 1, ...).
 * Invariant: rows whose block was reorged away are deleted (by chainId + blockNumber > ancestor).
 */
export const provenance = () => ({
  chainId: integer('chain_id').notNull(),
  blockNumber: bigint('block_number', { mode: 'number' }).notNull(),
  blockHash: text('block_hash').notNull(),
  /** L1 (or source chain) block timestamp, unix seconds. */
  blockTime: bigint('block_time', { mode: 'number' }).notNull(),
  txHash: text('tx_hash').notNull(),
  txIndex: integer('tx_index').notNull(),
  logIndex: integer('log_index').notNull(),
  subIndex: integer('sub_index').notNull().default(0),
});

/** Column names of the provenance key, in primary-key order. */
export const provenanceKey = ['chain_id', 'block_number', 'tx_index', 'log_index', 'sub_index'] as const;
