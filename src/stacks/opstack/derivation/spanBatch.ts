/**
 * Span batches (batch type 1, Delta; delta/span-batches.md):
 *   prefix  = rel_timestamp(uvarint) ++ l1_origin_num(uvarint) ++ parent_check(20) ++ l1_origin_check(20)
 *   payload = block_count(uvarint) ++ origin_bits ++ block_tx_counts(uvarint each) ++ txs
 * Block i has timestamp genesis.l2Time + rel_timestamp + i * blockTime; L1 origins are derived
 * backwards from l1_origin_num (the last block's origin) with origin_bits[i] = "origin changed at i".
 */
import { createReader, createWriter, readBytes, readUvarint, readUvarintBig, toBytes, toHex, type BytesLike, type Hex } from './bytes.ts';
import { DerivationError, rethrowAt } from './errors.ts';
import { MAX_SPAN_BATCH_ELEMENT_COUNT, SPAN_BATCH_TYPE } from './params.ts';
import { bitAt, readBitList, readSpanBatchTxs, toSpanBatchTx, writeBitList, writeSpanBatchTxs, type SpanBatchTx } from './spanBatchTxs.ts';

/** How much of the txs section to decode: skip it (its end is known from the enclosing RLP
 *  string), validate its structure without materialising it, or return the transactions. */
export type SpanTxsDecodeMode = 'skip' | 'validate' | 'full';

export interface RawSpanBatch {
  /** span_start.timestamp - genesis.l2Time (uint64). */
  relTimestamp: bigint;
  /** L1 origin number of the last block (uint64). */
  l1OriginNumber: bigint;
  /** First 20 bytes of the first block's parent hash. */
  parentCheck: Hex;
  /** First 20 bytes of the last block's L1 origin hash. */
  l1OriginCheck: Hex;
  blockCount: number;
  /** origin_bits as encoded (big-endian bit list of blockCount bits). */
  originBits: Uint8Array;
  blockTxCounts: number[];
  totalTxCount: number;
  /** Present in 'full' mode. */
  txs?: SpanBatchTx[];
}

/**
 * Decodes a span batch from bytes[start, end) (the bytes after the batch type byte).
 * Bytes after the txs section are ignored, as op-node does.
 */
export function decodeSpanBatch(input: BytesLike, mode: SpanTxsDecodeMode = 'validate', start = 0, end?: number): RawSpanBatch {
  const bytes = toBytes(input);
  const r = createReader(bytes, start, end ?? bytes.length);
  const relTimestamp = readUvarintBig(r, 'span_batch.rel_timestamp');
  const l1OriginNumber = readUvarintBig(r, 'span_batch.l1_origin_num');
  const parentCheck = toHex(readBytes(r, 20, 'span_batch.parent_check', 'SPAN_BATCH'));
  const l1OriginCheck = toHex(readBytes(r, 20, 'span_batch.l1_origin_check', 'SPAN_BATCH'));
  const countBig = readUvarintBig(r, 'span_batch.block_count');
  if (countBig > BigInt(MAX_SPAN_BATCH_ELEMENT_COUNT)) {
    throw new DerivationError('SPAN_BATCH_TOO_BIG', 'too many blocks in span batch', {
      where: 'span_batch.block_count',
      expected: `<= ${MAX_SPAN_BATCH_ELEMENT_COUNT}`,
      actual: countBig.toString(),
    });
  }
  const blockCount = Number(countBig);
  if (blockCount === 0) {
    throw new DerivationError('SPAN_BATCH', 'empty span batch', { where: 'span_batch.block_count', expected: '>= 1', actual: '0' });
  }
  const originBits = readBitList(r, blockCount, 'span_batch.origin_bits');
  const blockTxCounts = new Array<number>(blockCount);
  let totalTxCount = 0;
  let i = 0;
  try {
    for (; i < blockCount; i++) {
      const offset = r.pos;
      const n = readUvarint(r, 'span_batch.block_tx_counts');
      if (n > MAX_SPAN_BATCH_ELEMENT_COUNT) {
        throw new DerivationError('SPAN_BATCH_TOO_BIG', 'too many transactions in block', { where: 'span_batch.block_tx_counts', offset, actual: String(n) });
      }
      blockTxCounts[i] = n;
      totalTxCount += n;
    }
  } catch (e) {
    rethrowAt(e, `span_batch.block_tx_counts[${i}]`);
  }
  if (totalTxCount > MAX_SPAN_BATCH_ELEMENT_COUNT) {
    throw new DerivationError('SPAN_BATCH_TOO_BIG', 'too many transactions in span batch', {
      where: 'span_batch.block_tx_counts',
      expected: `<= ${MAX_SPAN_BATCH_ELEMENT_COUNT}`,
      actual: String(totalTxCount),
    });
  }
  const raw: RawSpanBatch = { relTimestamp, l1OriginNumber, parentCheck, l1OriginCheck, blockCount, originBits, blockTxCounts, totalTxCount };
  if (mode !== 'skip') {
    const txs = readSpanBatchTxs(r, totalTxCount, mode);
    if (txs) raw.txs = txs;
  }
  return raw;
}

export interface OpGenesis {
  /** L2 genesis timestamp (seconds). */
  l2Time: number;
  /** L2 genesis block number (OP Mainnet Bedrock: 105235063; Base: 0). */
  l2Block: number;
  /** Seconds between L2 blocks (2 on OP Mainnet and Base). */
  blockTime: number;
}

/** One L2 block carried by a batch. */
export interface L2BlockInBatch {
  timestamp: number;
  /** L2 block number, or null when the timestamp is not on the block-time grid (derivation drops such batches). */
  number: number | null;
  l1OriginNumber: number;
  txCount: number;
}

/**
 * L2 block number at an L2 timestamp: (timestamp - genesis.l2Time) / blockTime + genesis.l2Block.
 * Returns null for a timestamp before genesis or off the block-time grid.
 */
export function l2BlockNumberAt(timestamp: number, genesis: OpGenesis): number | null {
  const delta = timestamp - genesis.l2Time;
  if (delta < 0 || delta % genesis.blockTime !== 0) return null;
  return delta / genesis.blockTime + genesis.l2Block;
}

function safeNumber(v: bigint, where: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DerivationError('INTEGER_RANGE', 'value does not fit a safe integer', { where, actual: v.toString() });
  }
  return Number(v);
}

/** The L2 blocks of a span batch (op-node's RawSpanBatch.derive without the transactions). */
export function spanBatchBlocks(raw: RawSpanBatch, genesis: OpGenesis): L2BlockInBatch[] {
  const first = safeNumber(BigInt(genesis.l2Time) + raw.relTimestamp, 'span_batch.rel_timestamp');
  let origin = safeNumber(raw.l1OriginNumber, 'span_batch.l1_origin_num');
  const origins = new Array<number>(raw.blockCount);
  for (let i = raw.blockCount - 1; i >= 0; i--) {
    origins[i] = origin;
    if (i > 0 && bitAt(raw.originBits, i) === 1) origin--;
  }
  const blocks = new Array<L2BlockInBatch>(raw.blockCount);
  for (let i = 0; i < raw.blockCount; i++) {
    const timestamp = first + i * genesis.blockTime;
    blocks[i] = { timestamp, number: l2BlockNumberAt(timestamp, genesis), l1OriginNumber: origins[i], txCount: raw.blockTxCounts[i] };
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// Encoding

/** An L2 block as the batcher sees it. */
export interface L2BlockForBatch {
  parentHash: Hex;
  timestamp: number;
  l1Origin: { number: number; hash: Hex };
  /** Position of the block in its epoch (0 = first L2 block of that L1 origin); sets origin bit 0. */
  sequenceNumber?: number;
  /** Signed EIP-2718 transactions; deposits (type 0x7e) are skipped as op-batcher does. */
  transactions: readonly BytesLike[];
}

export function isDepositTx(tx: Uint8Array): boolean {
  return tx.length > 0 && tx[0] === 0x7e;
}

/** Encodes a span batch (batch type byte 1 ++ prefix ++ payload); `txs` must hold totalTxCount transactions. */
export function encodeRawSpanBatch(raw: RawSpanBatch & { txs: readonly SpanBatchTx[] }): Uint8Array {
  const total = raw.blockTxCounts.reduce((a, b) => a + b, 0);
  if (raw.blockTxCounts.length !== raw.blockCount || raw.txs.length !== total || raw.blockCount === 0) {
    throw new DerivationError('ENCODE', 'inconsistent span batch counts', {
      where: 'span_batch',
      expected: `${raw.blockCount} blocks and ${total} txs`,
      actual: `${raw.blockTxCounts.length} counts and ${raw.txs.length} txs`,
    });
  }
  const w = createWriter(1024);
  w.byte(SPAN_BATCH_TYPE);
  w.uvarint(raw.relTimestamp);
  w.uvarint(raw.l1OriginNumber);
  w.bytes(toBytes(raw.parentCheck).subarray(0, 20));
  w.bytes(toBytes(raw.l1OriginCheck).subarray(0, 20));
  w.uvarint(raw.blockCount);
  writeBitList(w, raw.blockCount, (i) => bitAt(raw.originBits, i));
  for (const n of raw.blockTxCounts) w.uvarint(n);
  writeSpanBatchTxs(w, raw.txs);
  return w.finish();
}

/** Encodes blocks as one span batch: batch type byte 1 ++ prefix ++ payload (op-batcher's SpanBatch). */
export function encodeSpanBatch(args: { blocks: readonly L2BlockForBatch[]; genesisL2Time: number; chainId: bigint | number }): Uint8Array {
  const { blocks, genesisL2Time, chainId } = args;
  if (blocks.length === 0) throw new DerivationError('ENCODE', 'span batch needs at least one block', { where: 'span_batch.blocks' });
  for (let i = 1; i < blocks.length; i++) {
    if (blocks[i].timestamp < blocks[i - 1].timestamp) {
      throw new DerivationError('ENCODE', 'span batch blocks must be ordered by timestamp', { where: `span_batch.blocks[${i}]` });
    }
  }
  const first = blocks[0];
  const last = blocks[blocks.length - 1];
  if (first.timestamp < genesisL2Time) {
    throw new DerivationError('ENCODE', 'block before L2 genesis', { where: 'span_batch.rel_timestamp', actual: String(first.timestamp) });
  }
  const perBlockTxs: SpanBatchTx[][] = blocks.map((b) =>
    b.transactions.map((t) => toBytes(t)).filter((t) => !isDepositTx(t)).map((t) => toSpanBatchTx(t, chainId)),
  );
  const bits = createWriter(Math.ceil(blocks.length / 8));
  writeBitList(bits, blocks.length, (i) =>
    i === 0 ? (first.sequenceNumber === 0 ? 1 : 0) : blocks[i - 1].l1Origin.number < blocks[i].l1Origin.number ? 1 : 0,
  );
  return encodeRawSpanBatch({
    relTimestamp: BigInt(first.timestamp - genesisL2Time),
    l1OriginNumber: BigInt(last.l1Origin.number),
    parentCheck: toHex(toBytes(first.parentHash).subarray(0, 20)),
    l1OriginCheck: toHex(toBytes(last.l1Origin.hash).subarray(0, 20)),
    blockCount: blocks.length,
    originBits: bits.finish(),
    blockTxCounts: perBlockTxs.map((t) => t.length),
    totalTxCount: perBlockTxs.reduce((a, t) => a + t.length, 0),
    txs: perBlockTxs.flat(),
  });
}
