/**
 * Channels end to end: decode an assembled channel into batches and L2 blocks; build a channel
 * from L2 blocks and cut it into frames and batcher transactions (the devnet batcher's side).
 */
import { randomBytes } from 'node:crypto';
import { decodeBatchStream, encodeBatchStream, encodeSingularBatch, type DecodedBatchStream } from './batch.ts';
import { encodeBatcherData } from './batcherData.ts';
import { encodeBlob } from './blob.ts';
import { toHex, type Hex } from './bytes.ts';
import { compressChannel, decompressChannel, type ChannelCompression } from './compression.ts';
import { DerivationError } from './errors.ts';
import type { Frame } from './frame.ts';
import {
  FRAME_OVERHEAD,
  isForkActive,
  MAX_BLOB_FRAME_SIZE,
  MAX_FRAME_DATA_LENGTH,
  MAX_RLP_BYTES_PER_CHANNEL_FJORD,
  maxRlpBytesPerChannel,
  type ForkTimes,
} from './params.ts';
import { encodeSpanBatch, type L2BlockForBatch, type OpGenesis, type SpanTxsDecodeMode } from './spanBatch.ts';

export interface DecodeChannelOptions {
  genesis: OpGenesis;
  forks?: ForkTimes;
  /**
   * Timestamp of the L1 block at which the channel is read (AssembledChannel.readAt.timestamp).
   * Selects MAX_RLP_BYTES_PER_CHANNEL, whether brotli is allowed (Fjord) and whether span batches
   * are accepted (Delta). Without it the most permissive (latest) rules apply.
   */
  l1Timestamp?: number;
  spanBatchTxs?: SpanTxsDecodeMode;
  /** Overrides MAX_RLP_BYTES_PER_CHANNEL (tests). */
  maxRlpBytes?: number;
}

export interface DecodedChannel extends DecodedBatchStream {
  compression: ChannelCompression | null;
  decompressedSize: number;
  /** The compressed stream was complete (ended with its checksum) within the size limit. */
  streamComplete: boolean;
  /** Decompression stopped at MAX_RLP_BYTES_PER_CHANNEL. */
  cutAtLimit: boolean;
  /** Why decompression stopped early (the batches before it are still valid). */
  decompressionError?: DerivationError;
}

/**
 * Decompresses a channel and reads its batches, as op-node's channel reader does. Never throws for
 * bad data: an unreadable channel yields no batches and an `error`.
 */
export async function decodeChannel(data: Uint8Array, options: DecodeChannelOptions): Promise<DecodedChannel> {
  const t = options.l1Timestamp;
  const maxBytes = options.maxRlpBytes ?? (t === undefined ? MAX_RLP_BYTES_PER_CHANNEL_FJORD : maxRlpBytesPerChannel(options.forks, t));
  const allowBrotli = t === undefined || isForkActive(options.forks, 'fjord', t);
  let decompressed;
  try {
    decompressed = await decompressChannel(data, { maxBytes, allowBrotli });
  } catch (e) {
    if (!(e instanceof DerivationError)) throw e;
    return { compression: null, decompressedSize: 0, streamComplete: false, cutAtLimit: false, batches: [], skipped: [], bytesRead: 0, error: e };
  }
  const stream = decodeBatchStream(decompressed.bytes, {
    genesis: options.genesis,
    spanBatchTxs: options.spanBatchTxs,
    forks: options.forks,
    l1Timestamp: t,
    cutAtLimit: decompressed.cutAtLimit,
  });
  return {
    ...stream,
    compression: decompressed.compression,
    decompressedSize: decompressed.bytes.length,
    streamComplete: decompressed.complete,
    cutAtLimit: decompressed.cutAtLimit,
    decompressionError: decompressed.error,
  };
}

// ---------------------------------------------------------------------------------------------
// Encoding (devnet batcher)

export interface BuildChannelArgs {
  blocks: readonly L2BlockForBatch[];
  /** 'singular': one batch per block; 'span': one span batch for all blocks (as op-batcher's span channel). */
  batchType: 'singular' | 'span';
  compression: ChannelCompression;
  /** Needed for span batches (rel_timestamp). */
  genesisL2Time?: number;
  /** Needed for span batches with transactions (EIP-155 / typed chain id). */
  chainId?: bigint | number;
  /** zlib level or brotli quality. */
  level?: number;
}

export interface BuiltChannel {
  /** Compressed channel data (what frames carry). */
  data: Uint8Array;
  /** Uncompressed RLP batch stream. */
  rlpBatches: Uint8Array;
  /** Typed batches (type byte ++ content). */
  batches: Uint8Array[];
}

export function buildChannel(args: BuildChannelArgs): BuiltChannel {
  if (args.blocks.length === 0) throw new DerivationError('ENCODE', 'a channel needs at least one block', { where: 'channel.blocks' });
  let batches: Uint8Array[];
  if (args.batchType === 'singular') {
    batches = args.blocks.map((b) => encodeSingularBatch(b));
  } else {
    if (args.genesisL2Time === undefined) {
      throw new DerivationError('ENCODE', 'span batches need genesisL2Time', { where: 'channel.genesisL2Time' });
    }
    batches = [encodeSpanBatch({ blocks: args.blocks, genesisL2Time: args.genesisL2Time, chainId: args.chainId ?? 0 })];
  }
  const rlpBatches = encodeBatchStream(batches);
  return { data: compressChannel(rlpBatches, args.compression, { level: args.level }), rlpBatches, batches };
}

export function randomChannelId(): Hex {
  return toHex(new Uint8Array(randomBytes(16)));
}

/**
 * Cuts channel data into frames of at most `maxFrameSize` bytes each (header included), the last
 * one marked is_last, as op-batcher's OutputFrame does.
 */
export function splitChannel(args: { channelId: Hex; data: Uint8Array; maxFrameSize: number }): Frame[] {
  const maxData = Math.min(args.maxFrameSize - FRAME_OVERHEAD, MAX_FRAME_DATA_LENGTH);
  if (maxData < 1) {
    throw new DerivationError('ENCODE', 'maxFrameSize too small', { where: 'splitChannel.maxFrameSize', expected: `> ${FRAME_OVERHEAD}`, actual: String(args.maxFrameSize) });
  }
  const count = Math.max(1, Math.ceil(args.data.length / maxData));
  if (count > 0x10000) {
    throw new DerivationError('ENCODE', 'channel needs more than 65536 frames', { where: 'splitChannel', actual: String(count) });
  }
  const frames: Frame[] = [];
  for (let i = 0; i < count; i++) {
    frames.push({
      channelId: args.channelId,
      frameNumber: i,
      data: args.data.subarray(i * maxData, Math.min(args.data.length, (i + 1) * maxData)),
      isLast: i === count - 1,
    });
  }
  return frames;
}

/** Calldata of batcher transactions: `framesPerTx` frames each (op-batcher: 1 in calldata mode). */
export function framesToCalldata(frames: readonly Frame[], framesPerTx = 1): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < frames.length; i += framesPerTx) out.push(encodeBatcherData(frames.slice(i, i + framesPerTx)));
  return out;
}

/** One blob per frame (version byte ++ frame), as op-batcher's blob mode. */
export function framesToBlobs(frames: readonly Frame[]): Uint8Array[] {
  return frames.map((f) => encodeBlob(encodeBatcherData([f])));
}

export type BatcherTx = { kind: 'calldata'; data: Uint8Array; frames: Frame[] } | { kind: 'blobs'; blobs: Uint8Array[]; frames: Frame[] };

export interface BatcherSubmission {
  channelId: Hex;
  channel: BuiltChannel;
  frames: Frame[];
  txs: BatcherTx[];
}

/**
 * Builds everything the devnet batcher posts for a list of L2 blocks: one channel, its frames and
 * the batcher transactions (calldata, or blob transactions with `blobsPerTx` blobs each).
 */
export function encodeBatcherSubmission(
  args: BuildChannelArgs & {
    target: 'calldata' | 'blobs';
    channelId?: Hex;
    /** Frame size including its 23-byte header; default 119_999 (calldata, op-batcher's 120 kB tx minus the version byte) or 130_043 (blob). */
    maxFrameSize?: number;
    framesPerTx?: number;
    blobsPerTx?: number;
  },
): BatcherSubmission {
  const channel = buildChannel(args);
  const channelId = args.channelId ?? randomChannelId();
  const maxFrameSize = args.maxFrameSize ?? (args.target === 'blobs' ? MAX_BLOB_FRAME_SIZE : 119_999);
  if (args.target === 'blobs' && maxFrameSize > MAX_BLOB_FRAME_SIZE) {
    throw new DerivationError('ENCODE', 'frame does not fit a blob', { where: 'maxFrameSize', expected: `<= ${MAX_BLOB_FRAME_SIZE}`, actual: String(maxFrameSize) });
  }
  const frames = splitChannel({ channelId, data: channel.data, maxFrameSize });
  const txs: BatcherTx[] = [];
  if (args.target === 'calldata') {
    const per = args.framesPerTx ?? 1;
    for (let i = 0; i < frames.length; i += per) {
      const group = frames.slice(i, i + per);
      txs.push({ kind: 'calldata', data: encodeBatcherData(group), frames: group });
    }
  } else {
    const per = args.blobsPerTx ?? 6;
    for (let i = 0; i < frames.length; i += per) {
      const group = frames.slice(i, i + per);
      txs.push({ kind: 'blobs', blobs: framesToBlobs(group), frames: group });
    }
  }
  return { channelId, channel, frames, txs };
}
