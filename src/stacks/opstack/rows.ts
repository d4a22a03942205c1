/**
 * Shared pieces of OP Stack fact rows: provenance (log-derived: logIndex = the log's index,
 * subIndex numbers the rows one log yields; tx-derived: logIndex = -1, subIndex numbers the rows
 * one transaction yields), JSON-safe extras, and decode issues (malformed inputs are reported and
 * skipped, never fatal to the rest of the range).
 */
import type { Address, Hex } from '../../rollups/types.ts';
import type { RawLog, RawTransaction, SourceBatch } from '../types.ts';
import { CallDecodeError, LogDecodeError } from '../../chain/decode/index.ts';
import { DerivationError } from './derivation/index.ts';

export { json, logProvenance, txProvenance } from '../provenance.ts';

export const lower = (a: string) => a.toLowerCase() as Address;

/** Something the decoder skipped because the chain data was malformed or unexpected. */
export interface DecodeIssue {
  rollupId: string;
  source: string;
  /** What was skipped: a log, a transaction, one blob of a transaction, a channel. */
  what: 'log' | 'transaction' | 'blob' | 'channel' | 'read';
  blockNumber: number;
  txHash?: Hex;
  logIndex?: number;
  blobIndex?: number;
  /** Short machine-readable reason, e.g. DerivationError code or `LogDecodeError`. */
  code: string;
  message: string;
}

export type IssueSink = (issue: DecodeIssue) => void;

/** Chain data that derivation or the contracts' own rules would reject: reported, then skipped. */
export class MalformedDataError extends Error {
  override name = 'MalformedDataError';
  readonly code: string;
  constructor(message: string, code = 'MALFORMED') {
    super(message);
    this.code = code;
  }
}

/**
 * Errors that say the input bytes are bad (skip and report). Anything else — transport errors of
 * contract reads, bugs — propagates so the engine retries or stops the range.
 */
export function isDataError(err: unknown): boolean {
  return err instanceof MalformedDataError || err instanceof LogDecodeError || err instanceof CallDecodeError || err instanceof DerivationError;
}

export function errorCode(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; name?: unknown };
    if (typeof e.code === 'string') return e.code;
    if (typeof e.name === 'string') return e.name;
  }
  return 'Error';
}

export const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class MissingTransactionError extends Error {
  override readonly name = 'MissingTransactionError';
  constructor(readonly source: string, readonly log: RawLog) {
    super(`Source ${source} gave no transaction for the log at block ${log.blockNumber} tx ${log.transactionHash} log ${log.logIndex}; it must be fetched with withTransactions`);
  }
}

/** The transaction of a log; the source declared withTransactions, so a missing one is an engine bug. */
export function transactionOf(batch: SourceBatch, log: RawLog): RawTransaction {
  const tx = batch.transactions.get(log.transactionHash);
  if (!tx) throw new MissingTransactionError(batch.source.id, log);
  return tx;
}

/** Topic word → lowercase address (the low 20 bytes). */
export const topicAddress = (topic: string) => `0x${topic.slice(26)}`.toLowerCase() as Address;
