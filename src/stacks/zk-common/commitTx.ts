/**
 * The sequencer batch of a ZK stack is its commit: the L1 transaction that commits one or more
 * batches (zkSync commitBatches, Scroll commitBatch*, Linea submitBlobs, Starknet updateState*).
 * Its data location, bytes, blobs, gas and fees come from that transaction and its receipt.
 *
 * One transaction may commit several batches (zkSync and Scroll v7 commit ranges). Its totals are
 * then split evenly over the batches of the transaction, the remainder going to the first ones,
 * so that sums over batches (per rollup, per window, per L1 block) equal what the L1 really got;
 * `extra.tx` keeps the transaction's own totals.
 */
import type { RawTransaction } from '../types.ts';
import type { Hex } from '../../rollups/types.ts';

/** Bytes of one EIP-4844 blob. */
export const BLOB_BYTES = 131_072;

export interface CommitCosts {
  submitter: string;
  dataLocation: 'CALLDATA' | 'BLOB';
  bytesPosted: number;
  blobCount: number;
  blobGasUsed: string | null;
  blobBaseFee: string | null;
  l1GasUsed: string;
  l1GasPrice: string;
  executionFee: string;
  blobFee: string | null;
  /** The transaction's own totals, before the split. */
  tx: { batches: number; blobs: number; bytes: number; gasUsed: string; blobGasUsed: string | null; selector: Hex };
}

export class MissingCommitTransactionError extends Error {
  override readonly name = 'MissingCommitTransactionError';
  constructor(readonly details: { rollupId: string; event: string; blockNumber: number; txHash: string; missing: 'transaction' | 'receipt' }) {
    super(`${details.rollupId}: ${details.event} at block ${details.blockNumber} (tx ${details.txHash}) has no ${details.missing}; expected the source to fetch it (withTransactions/withReceipts)`);
  }
}

/** The i-th of n equal shares of a total, remainder to the first shares; shares sum to the total. */
export function shareOf(total: bigint, index: number, count: number): bigint {
  const n = BigInt(count);
  return total / n + (BigInt(index) < total % n ? 1n : 0n);
}

export function commitCosts(
  tx: RawTransaction | undefined,
  share: { index: number; count: number },
  where: { rollupId: string; event: string; blockNumber: number; txHash: string },
): CommitCosts {
  if (!tx) throw new MissingCommitTransactionError({ ...where, missing: 'transaction' });
  if (!tx.receipt) throw new MissingCommitTransactionError({ ...where, missing: 'receipt' });
  const blobs = tx.blobVersionedHashes?.length ?? 0;
  const dataLocation = blobs > 0 ? 'BLOB' : 'CALLDATA';
  const bytes = dataLocation === 'BLOB' ? blobs * BLOB_BYTES : (tx.input.length - 2) / 2;
  const { gasUsed, effectiveGasPrice, blobGasUsed, blobGasPrice } = tx.receipt;
  const part = (v: bigint) => shareOf(v, share.index, share.count);
  const blobGasShare = blobGasUsed !== undefined && blobs > 0 ? part(blobGasUsed) : undefined;
  return {
    submitter: tx.from.toLowerCase(),
    dataLocation,
    bytesPosted: Number(part(BigInt(bytes))),
    blobCount: Number(part(BigInt(blobs))),
    blobGasUsed: blobGasShare === undefined ? null : blobGasShare.toString(),
    blobBaseFee: blobs > 0 && blobGasPrice !== undefined ? blobGasPrice.toString() : null,
    l1GasUsed: part(gasUsed).toString(),
    l1GasPrice: effectiveGasPrice.toString(),
    executionFee: part(gasUsed * effectiveGasPrice).toString(),
    blobFee: blobs > 0 && blobGasUsed !== undefined && blobGasPrice !== undefined ? part(blobGasUsed * blobGasPrice).toString() : null,
    tx: {
      batches: share.count,
      blobs,
      bytes,
      gasUsed: gasUsed.toString(),
      blobGasUsed: blobs > 0 && blobGasUsed !== undefined ? blobGasUsed.toString() : null,
      selector: tx.input.slice(0, 10).toLowerCase() as Hex,
    },
  };
}
