/**
 * Data availability figures: what each batch posted and paid, totals per rollup and location, and
 * each rollup's share of an L1 block's blob space.
 *   blob gas of a batch  = its blobGasUsed, else blobCount × 131072
 *   total fee (wei)      = executionFee + blobFee
 *   blob capacity        = maxBlobsPerBlock(chain, time) × 131072 (EIP-4844/7691/7892 schedule)
 *   shareOfCapacity      = rollup blob gas in the block / blob capacity
 *   shareOfBlobGasUsed   = rollup blob gas in the block / the block header's blobGasUsed
 */
export const BLOB_GAS_PER_BLOB = 131_072n;

/** Ethereum mainnet max blobs per block by activation time (Cancun, Prague, BPO1, BPO2). */
export const MAINNET_BLOB_SCHEDULE: readonly { from: number; maxBlobs: number }[] = [
  { from: 1_710_338_135, maxBlobs: 6 },
  { from: 1_746_612_311, maxBlobs: 9 },
  { from: 1_765_290_071, maxBlobs: 15 },
  { from: 1_767_747_671, maxBlobs: 21 },
];

export type BlobSchedules = Record<number, readonly { from: number; maxBlobs: number }[]>;

/** Max blobs per block of `chainId` at `timestamp`; chains without a schedule default to 9 (Prague). */
export function maxBlobsPerBlock(chainId: number, timestamp: number, schedules: BlobSchedules = {}): number {
  const schedule = schedules[chainId] ?? (chainId === 1 ? MAINNET_BLOB_SCHEDULE : [{ from: 0, maxBlobs: 9 }]);
  let max = 0;
  for (const s of schedule) if (timestamp >= s.from) max = s.maxBlobs;
  return max;
}

export interface BatchDaFact {
  dataLocation: string;
  bytesPosted: number;
  blobCount: number;
  blobGasUsed: bigint | null;
  executionFee: bigint | null;
  blobFee: bigint | null;
}

export function blobGasOf(b: BatchDaFact): bigint {
  return b.blobGasUsed ?? BigInt(b.blobCount) * BLOB_GAS_PER_BLOB;
}

export interface DaTotals {
  batches: number;
  bytesPosted: number;
  blobs: number;
  blobGasUsed: bigint;
  executionFeeWei: bigint;
  blobFeeWei: bigint;
  totalFeeWei: bigint;
}

export const emptyTotals = (): DaTotals => ({ batches: 0, bytesPosted: 0, blobs: 0, blobGasUsed: 0n, executionFeeWei: 0n, blobFeeWei: 0n, totalFeeWei: 0n });

export function addBatch(t: DaTotals, b: BatchDaFact): DaTotals {
  const exec = b.executionFee ?? 0n;
  const blob = b.blobFee ?? 0n;
  t.batches++;
  t.bytesPosted += b.bytesPosted;
  t.blobs += b.blobCount;
  t.blobGasUsed += blobGasOf(b);
  t.executionFeeWei += exec;
  t.blobFeeWei += blob;
  t.totalFeeWei += exec + blob;
  return t;
}

/** Totals overall and per data location (locations sorted by name). */
export function daTotals(batches: readonly BatchDaFact[]): { total: DaTotals; byLocation: (DaTotals & { dataLocation: string })[] } {
  const total = emptyTotals();
  const by = new Map<string, DaTotals>();
  for (const b of batches) {
    addBatch(total, b);
    addBatch(by.get(b.dataLocation) ?? by.set(b.dataLocation, emptyTotals()).get(b.dataLocation)!, b);
  }
  return { total, byLocation: [...by.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([dataLocation, t]) => ({ dataLocation, ...t })) };
}

export interface BlobShare {
  blobGas: bigint;
  capacityBlobGas: bigint;
  shareOfCapacity: number | null;
  shareOfBlobGasUsed: number | null;
}

export function blobShare(rollupBlobGas: bigint, blockBlobGasUsed: bigint | null, capacityBlobGas: bigint): BlobShare {
  return {
    blobGas: rollupBlobGas,
    capacityBlobGas,
    shareOfCapacity: capacityBlobGas > 0n ? Number(rollupBlobGas) / Number(capacityBlobGas) : null,
    shareOfBlobGasUsed: blockBlobGasUsed && blockBlobGasUsed > 0n ? Number(rollupBlobGas) / Number(blockBlobGasUsed) : null,
  };
}
