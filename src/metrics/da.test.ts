import { describe, expect, it } from 'vitest';
import { blobGasOf, blobShare, daTotals, maxBlobsPerBlock } from './da.ts';

describe('blob capacity schedule', () => {
  it('follows mainnet forks and defaults other chains to 9', () => {
    expect(maxBlobsPerBlock(1, 1_700_000_000)).toBe(0);
    expect(maxBlobsPerBlock(1, 1_710_338_135)).toBe(6);
    expect(maxBlobsPerBlock(1, 1_746_612_311)).toBe(9);
    expect(maxBlobsPerBlock(1, 1_765_290_071)).toBe(15);
    expect(maxBlobsPerBlock(1, 1_800_000_000)).toBe(21);
    expect(maxBlobsPerBlock(31_337, 5)).toBe(9);
    expect(maxBlobsPerBlock(31_337, 5, { 31_337: [{ from: 0, maxBlobs: 6 }] })).toBe(6);
  });
});

describe('DA totals', () => {
  it('sums bytes, blobs, blob gas and fees exactly, per location', () => {
    const batches = [
      { dataLocation: 'BLOB', bytesPosted: 262_144, blobCount: 2, blobGasUsed: 262_144n, executionFee: 10n ** 18n + 1n, blobFee: 5n },
      { dataLocation: 'CALLDATA', bytesPosted: 1_000, blobCount: 0, blobGasUsed: null, executionFee: 7n, blobFee: null },
      { dataLocation: 'BLOB', bytesPosted: 131_072, blobCount: 1, blobGasUsed: null, executionFee: 3n, blobFee: 2n ** 70n },
    ];
    const { total, byLocation } = daTotals(batches);
    expect(total).toEqual({
      batches: 3,
      bytesPosted: 394_216,
      blobs: 3,
      blobGasUsed: 393_216n,
      executionFeeWei: 10n ** 18n + 11n,
      blobFeeWei: 2n ** 70n + 5n,
      totalFeeWei: 10n ** 18n + 11n + 2n ** 70n + 5n,
    });
    expect(byLocation.map((l) => [l.dataLocation, l.batches, l.blobGasUsed])).toEqual([
      ['BLOB', 2, 393_216n],
      ['CALLDATA', 1, 0n],
    ]);
    expect(blobGasOf(batches[2])).toBe(131_072n);
  });
  it('computes shares of the block blob capacity and of its used blob gas', () => {
    expect(blobShare(262_144n, 524_288n, 9n * 131_072n)).toEqual({ blobGas: 262_144n, capacityBlobGas: 1_179_648n, shareOfCapacity: 2 / 9, shareOfBlobGasUsed: 0.5 });
    expect(blobShare(0n, 0n, 0n)).toEqual({ blobGas: 0n, capacityBlobGas: 0n, shareOfCapacity: null, shareOfBlobGasUsed: null });
  });
});
