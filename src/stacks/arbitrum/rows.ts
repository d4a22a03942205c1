/** Shared pieces of fact rows: provenance of a log, JSON-safe extras, the log's transaction. */
import type { Hex } from 'viem';
import type { RawLog, RawTransaction, SourceBatch } from '../types.ts';
import { json, logProvenance } from '../provenance.ts';

/** Provenance columns of a log-derived fact: logIndex = the log's index in its block, subIndex 0. */
export const provenanceOf = (chainId: number, log: RawLog) => logProvenance(chainId, log);

export { json };

export class MissingTransactionError extends Error {
  override readonly name = 'MissingTransactionError';
  constructor(readonly source: string, readonly log: RawLog) {
    super(`Source ${source} gave no transaction for the log at block ${log.blockNumber} tx ${log.transactionHash} log ${log.logIndex}; it must be fetched with withTransactions`);
  }
}

/** The transaction of a log; the source declared withTransactions, so a missing one is an engine bug. */
export function transactionOf(batch: SourceBatch, log: RawLog): RawTransaction {
  const tx = batch.transactions.get(log.transactionHash as Hex);
  if (!tx) throw new MissingTransactionError(batch.source.id, log);
  return tx;
}

export const lower = (a: string) => a.toLowerCase() as `0x${string}`;
