/**
 * What Scroll commit/finalize calldata tells beyond the events, for the codecs that put it there.
 *
 * Batch header, codecs v0–v6 (BatchHeaderV0..V3Codec): version(1) batchIndex(8) l1MessagePopped(8)
 * totalL1MessagePopped(8) dataHash(32) ... — codec v7 (EuclidV2) headers are version(1)
 * batchIndex(8) blobVersionedHash(32) parentBatchHash(32) and carry no message counts.
 *
 * Chunk, codecs v0–v6 (ChunkCodecV0/V1): numBlocks(1) then numBlocks block contexts of 60 bytes:
 * blockNumber(8) timestamp(8) baseFee(32) gasLimit(8) numTransactions(2) numL1Messages(2)
 * (v0 chunks append the L2 transactions after the contexts; v1+ keep them in the blob).
 * Codec v7 commits (`commitBatches`) keep every block in the blob: no range from calldata.
 *
 * numL1Messages counts every L1 message the block pops, skipped ones included, so
 * parent.totalL1MessagePopped + Σ numL1Messages = total popped after the batch.
 */
import type { Hex } from '../../rollups/types.ts';
import { createCallDecoder } from '../../chain/decode/index.ts';
import { scrollChainCalls } from './abi.ts';

const calls = createCallDecoder(scrollChainCalls);
const BLOCK_CONTEXT_BYTES = 60;

export interface LegacyBatchHeader {
  version: number;
  batchIndex: bigint;
  l1MessagePopped: bigint;
  totalL1MessagePopped: bigint;
}

export class ScrollCalldataError extends Error {
  override readonly name = 'ScrollCalldataError';
}

function bytesOf(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
}

function uintBE(b: Uint8Array, from: number, size: number): bigint {
  let v = 0n;
  for (let i = from; i < from + size; i++) v = (v << 8n) | BigInt(b[i]!);
  return v;
}

/** Header fields of a codec v0–v6 batch header; undefined for v7+ headers (no counts). */
export function parseLegacyBatchHeader(header: Hex): LegacyBatchHeader | undefined {
  const b = bytesOf(header);
  if (b.length < 1) throw new ScrollCalldataError('empty batch header');
  if (b[0]! >= 7) return undefined;
  if (b.length < 89) throw new ScrollCalldataError(`batch header v${b[0]} is ${b.length} bytes; expected at least 89`);
  return { version: b[0]!, batchIndex: uintBE(b, 1, 8), l1MessagePopped: uintBE(b, 9, 8), totalL1MessagePopped: uintBE(b, 17, 8) };
}

export interface BlockContext {
  number: number;
  timestamp: number;
  numTransactions: number;
  numL1Messages: number;
}

export function parseChunkBlocks(chunk: Hex): BlockContext[] {
  const b = bytesOf(chunk);
  if (b.length < 1) throw new ScrollCalldataError('empty chunk');
  const n = b[0]!;
  if (n === 0) throw new ScrollCalldataError('chunk with no blocks');
  if (b.length < 1 + n * BLOCK_CONTEXT_BYTES) throw new ScrollCalldataError(`chunk of ${n} blocks is ${b.length} bytes; expected at least ${1 + n * BLOCK_CONTEXT_BYTES}`);
  const out: BlockContext[] = [];
  for (let i = 0; i < n; i++) {
    const o = 1 + i * BLOCK_CONTEXT_BYTES;
    out.push({
      number: Number(uintBE(b, o, 8)),
      timestamp: Number(uintBE(b, o + 8, 8)),
      numTransactions: Number(uintBE(b, o + 56, 2)),
      numL1Messages: Number(uintBE(b, o + 58, 2)),
    });
  }
  return out;
}

export interface CommitCalldata {
  functionName: string;
  codecVersion: number;
  /** Set when the call carries chunks (codecs v0–v6) and they agree with the event's batch index. */
  l2BlockStart: number | null;
  l2BlockEnd: number | null;
  l2TimeStart: number | null;
  l2TimeEnd: number | null;
  /** Total L1 messages popped after this batch, when the calldata says. */
  totalL1MessagePopped: bigint | null;
  /** commitAndFinalizeBatch: the permissionless (enforced mode) path. */
  forced: boolean;
}

/**
 * Reads the commit call of `batchIndex`; undefined when the input is not a known commit call
 * (e.g. a call through another contract). Chunks that contradict the event (parent header index
 * + 1 ≠ batchIndex) are ignored rather than trusted.
 */
export function readCommitCalldata(input: Hex, batchIndex: bigint, txHash?: string): CommitCalldata | undefined {
  const call = calls.tryDecode(input, txHash);
  if (!call) return undefined;
  const none = { l2BlockStart: null, l2BlockEnd: null, l2TimeStart: null, l2TimeEnd: null, totalL1MessagePopped: null };
  const args = call.args as readonly unknown[];
  switch (call.functionName) {
    case 'commitBatch':
    case 'commitBatchWithBlobProof': {
      const [version, parentHeader, chunks] = args as [number, Hex, readonly Hex[]];
      const parent = parseLegacyBatchHeader(parentHeader);
      if (!parent || parent.batchIndex + 1n !== batchIndex || chunks.length === 0) return { functionName: call.functionName, codecVersion: version, ...none, forced: false };
      const blocks = chunks.flatMap((c) => parseChunkBlocks(c));
      const first = blocks[0]!;
      const last = blocks[blocks.length - 1]!;
      const popped = blocks.reduce((s, b) => s + BigInt(b.numL1Messages), 0n);
      return {
        functionName: call.functionName, codecVersion: version,
        l2BlockStart: first.number, l2BlockEnd: last.number, l2TimeStart: first.timestamp, l2TimeEnd: last.timestamp,
        totalL1MessagePopped: parent.totalL1MessagePopped + popped, forced: false,
      };
    }
    case 'commitBatches':
      return { functionName: call.functionName, codecVersion: args[0] as number, ...none, forced: false };
    case 'commitAndFinalizeBatch': {
      const finalize = args[2] as { totalL1MessagesPoppedOverall: bigint };
      return { functionName: call.functionName, codecVersion: args[0] as number, ...none, totalL1MessagePopped: finalize.totalL1MessagesPoppedOverall, forced: true };
    }
    default:
      return undefined;
  }
}

export interface FinalizeCalldata {
  functionName: string;
  /** Total L1 messages popped after the finalized batch (bundle), when the calldata says. */
  totalL1MessagePopped: bigint | null;
}

/** Reads a finalize call: the legacy header's totalL1MessagePopped, or the EuclidV2 explicit argument. */
export function readFinalizeCalldata(input: Hex, txHash?: string): FinalizeCalldata | undefined {
  const call = calls.tryDecode(input, txHash);
  if (!call) return undefined;
  const args = call.args as readonly unknown[];
  switch (call.functionName) {
    case 'finalizeBatchWithProof':
    case 'finalizeBatchWithProof4844':
    case 'finalizeBundleWithProof': {
      const header = parseLegacyBatchHeader(args[0] as Hex);
      return { functionName: call.functionName, totalL1MessagePopped: header?.totalL1MessagePopped ?? null };
    }
    case 'finalizeBundlePostEuclidV2':
      return { functionName: call.functionName, totalL1MessagePopped: args[1] as bigint };
    case 'commitAndFinalizeBatch':
      return { functionName: call.functionName, totalL1MessagePopped: (args[2] as { totalL1MessagesPoppedOverall: bigint }).totalL1MessagesPoppedOverall };
    default:
      return undefined;
  }
}

/** Encodes a codec v0–v6 batch header prefix (the fields read here) padded to the v0 size (89 bytes). */
export function encodeLegacyBatchHeader(h: LegacyBatchHeader & { dataHash?: Hex; parentBatchHash?: Hex }): Hex {
  const u = (v: bigint, size: number) => v.toString(16).padStart(size * 2, '0');
  const word = (x: Hex | undefined) => (x ?? `0x${'00'.repeat(32)}`).slice(2);
  return `0x${u(BigInt(h.version), 1)}${u(h.batchIndex, 8)}${u(h.l1MessagePopped, 8)}${u(h.totalL1MessagePopped, 8)}${word(h.dataHash)}${word(h.parentBatchHash)}`;
}

/** Encodes a codec v1+ chunk (block contexts only). */
export function encodeChunk(blocks: readonly BlockContext[], baseFee = 0n, gasLimit = 10_000_000n): Hex {
  const u = (v: bigint | number, size: number) => BigInt(v).toString(16).padStart(size * 2, '0');
  return `0x${u(blocks.length, 1)}${blocks.map((b) => `${u(b.number, 8)}${u(b.timestamp, 8)}${u(baseFee, 32)}${u(gasLimit, 8)}${u(b.numTransactions, 2)}${u(b.numL1Messages, 2)}`).join('')}`;
}
