/**
 * Batches (derivation.md "Batch Format", span-batches.md) and the decompressed channel content:
 * an RLP stream of byte strings, each `batch_type ++ content`.
 *   type 0 (singular): rlp([parent_hash, epoch_number, epoch_hash, timestamp, transaction_list])
 *   type 1 (span):     see spanBatch.ts
 */
import { createWriter, toBytes, toHex, type BytesLike, type Hex } from './bytes.ts';
import { DerivationError, rethrowAt } from './errors.ts';
import { isForkActive, SINGULAR_BATCH_TYPE, SPAN_BATCH_TYPE, type ForkTimes } from './params.ts';
import { peekRlpItem, readRlpItem, readRlpList, rlpUintNumber, uintBytes, writeRlpListHeader, writeRlpString, type RlpItem } from './rlp.ts';
import {
  decodeSpanBatch,
  isDepositTx,
  l2BlockNumberAt,
  spanBatchBlocks,
  type L2BlockForBatch,
  type L2BlockInBatch,
  type OpGenesis,
  type RawSpanBatch,
  type SpanTxsDecodeMode,
} from './spanBatch.ts';

export interface SingularBatch {
  parentHash: Hex;
  /** L1 origin (epoch) number. */
  epochNumber: number;
  epochHash: Hex;
  timestamp: number;
  /** EIP-2718 encoded transactions (views into the decompressed channel). */
  transactions: Uint8Array[];
}

export type DecodedBatch =
  | ({ type: 'singular'; blocks: L2BlockInBatch[] } & SingularBatch)
  | ({ type: 'span'; blocks: L2BlockInBatch[] } & RawSpanBatch);

export interface DecodeBatchOptions {
  genesis: OpGenesis;
  /** Span batch txs section handling; default 'validate'. */
  spanBatchTxs?: SpanTxsDecodeMode;
}

/** Decodes a singular batch from bytes[start, end) (after the type byte). Trailing bytes are ignored, as in op-node. */
export function decodeSingularBatch(input: BytesLike, start = 0, end?: number): SingularBatch {
  const buf = toBytes(input);
  const limit = end ?? buf.length;
  const list = readRlpList(buf, start, limit, 'singular_batch');
  const items: RlpItem[] = [];
  const starts: number[] = [];
  let pos = list.start;
  while (pos < list.end) {
    const it = readRlpItem(buf, pos, list.end, `singular_batch[${items.length}]`);
    items.push(it);
    starts.push(pos);
    pos = it.next;
  }
  if (items.length !== 5) {
    throw new DerivationError('SINGULAR_BATCH', 'singular batch must have 5 fields', {
      where: 'singular_batch',
      offset: start,
      expected: '[parent_hash, epoch_number, epoch_hash, timestamp, transaction_list]',
      actual: `${items.length} fields`,
    });
  }
  const hash = (i: number, name: string): Hex => {
    const it = items[i];
    if (it.isList || it.end - it.start !== 32) {
      throw new DerivationError('SINGULAR_BATCH', `${name} must be 32 bytes`, { where: `singular_batch.${name}`, offset: starts[i] });
    }
    return toHex(buf.subarray(it.start, it.end));
  };
  const parentHash = hash(0, 'parent_hash');
  const epochNumber = rlpUintNumber(buf, items[1], 'singular_batch.epoch_number', starts[1]);
  const epochHash = hash(2, 'epoch_hash');
  const timestamp = rlpUintNumber(buf, items[3], 'singular_batch.timestamp', starts[3]);
  const txList = items[4];
  if (!txList.isList) {
    throw new DerivationError('SINGULAR_BATCH', 'transaction_list must be a list', { where: 'singular_batch.transaction_list', offset: starts[4] });
  }
  const transactions: Uint8Array[] = [];
  pos = txList.start;
  try {
    while (pos < txList.end) {
      const it = peekRlpItem(buf, pos, txList.end, 'singular_batch.transaction_list');
      if (it.isList) throw new DerivationError('SINGULAR_BATCH', 'transaction must be a byte string', { where: 'singular_batch.transaction_list', offset: pos });
      transactions.push(buf.subarray(it.start, it.end));
      pos = it.next;
    }
  } catch (e) {
    rethrowAt(e, `singular_batch.transaction_list[${transactions.length}]`);
  }
  return { parentHash, epochNumber, epochHash, timestamp, transactions };
}

/** Decodes one typed batch (`batch_type ++ content`). */
export function decodeBatch(input: BytesLike, options: DecodeBatchOptions, start = 0, end?: number): DecodedBatch {
  const buf = toBytes(input);
  const limit = end ?? buf.length;
  if (limit <= start) throw new DerivationError('BATCH_EMPTY', 'batch too short', { where: 'batch', offset: start, expected: 'batch type byte' });
  const type = buf[start];
  if (type === SINGULAR_BATCH_TYPE) {
    const b = decodeSingularBatch(buf, start + 1, limit);
    const block: L2BlockInBatch = {
      timestamp: b.timestamp,
      number: l2BlockNumberAt(b.timestamp, options.genesis),
      l1OriginNumber: b.epochNumber,
      txCount: b.transactions.length,
    };
    return { type: 'singular', ...b, blocks: [block] };
  }
  if (type === SPAN_BATCH_TYPE) {
    const raw = decodeSpanBatch(buf, options.spanBatchTxs ?? 'validate', start + 1, limit);
    return { type: 'span', ...raw, blocks: spanBatchBlocks(raw, options.genesis) };
  }
  throw new DerivationError('BATCH_TYPE', 'unrecognized batch type', { where: 'batch.type', offset: start, expected: '0 (singular) or 1 (span)', actual: String(type) });
}

export interface DecodeBatchStreamOptions extends DecodeBatchOptions {
  /** With l1Timestamp: span batches read from an L1 block before Delta are skipped, as op-node does. */
  forks?: ForkTimes;
  /** Timestamp of the L1 block at which the channel is read. */
  l1Timestamp?: number;
  /** The stream was cut at MAX_RLP_BYTES_PER_CHANNEL (changes the error code of a cut batch). */
  cutAtLimit?: boolean;
}

export interface DecodedBatchStream {
  batches: DecodedBatch[];
  /** Batches read but ignored by derivation rules (index in the stream and why). */
  skipped: Array<{ index: number; reason: 'span-batch-before-delta' }>;
  /** Why reading stopped before the end of the data, if it did: op-node then drops the rest of the channel. */
  error?: DerivationError;
  /** Bytes of the stream consumed by complete batches. */
  bytesRead: number;
}

/**
 * Reads batches from a decompressed channel: each item must be an RLP byte string holding one typed
 * batch. Reading stops at the first malformed item (like op-node's channel reader, which keeps the
 * batches read so far and skips the rest of the channel).
 */
export function decodeBatchStream(input: BytesLike, options: DecodeBatchStreamOptions): DecodedBatchStream {
  const buf = toBytes(input);
  const out: DecodedBatchStream = { batches: [], skipped: [], bytesRead: 0, error: undefined };
  const rejectSpan = options.l1Timestamp !== undefined && !isForkActive(options.forks, 'delta', options.l1Timestamp);
  let pos = 0;
  let index = 0;
  while (pos < buf.length) {
    const where = `channel.batch[${index}]`;
    try {
      const item = readRlpItem(buf, pos, buf.length, where);
      if (item.isList) throw new DerivationError('RLP', 'expected batch byte string, got list', { where, offset: pos });
      if (rejectSpan && item.end > item.start && buf[item.start] === SPAN_BATCH_TYPE) {
        out.skipped.push({ index, reason: 'span-batch-before-delta' });
      } else {
        out.batches.push(decodeBatch(buf, options, item.start, item.end));
      }
      pos = item.next;
      out.bytesRead = pos;
      index++;
    } catch (e) {
      if (!(e instanceof DerivationError)) throw e;
      out.error =
        options.cutAtLimit && e.code === 'RLP' && e.message.startsWith('RLP item exceeds')
          ? new DerivationError('CHANNEL_LIMIT', 'batch extends past MAX_RLP_BYTES_PER_CHANNEL', { where, offset: pos, cause: e })
          : e;
      break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Encoding

/** Encodes one L2 block as a singular batch: 0x00 ++ rlp([parent_hash, epoch_number, epoch_hash, timestamp, txs]). */
export function encodeSingularBatch(block: L2BlockForBatch): Uint8Array {
  const txs = block.transactions.map((t) => toBytes(t)).filter((t) => !isDepositTx(t));
  const parent = toBytes(block.parentHash);
  const epochHash = toBytes(block.l1Origin.hash);
  if (parent.length !== 32 || epochHash.length !== 32) {
    throw new DerivationError('ENCODE', 'parent and epoch hashes must be 32 bytes', { where: 'singular_batch' });
  }
  const inner = createWriter(256);
  for (const tx of txs) writeRlpString(inner, tx);
  const txPayload = inner.finish();
  const fields = createWriter(txPayload.length + 128);
  writeRlpString(fields, parent);
  writeRlpString(fields, uintBytes(block.l1Origin.number));
  writeRlpString(fields, epochHash);
  writeRlpString(fields, uintBytes(block.timestamp));
  writeRlpListHeader(fields, txPayload.length);
  fields.bytes(txPayload);
  const body = fields.finish();
  const w = createWriter(body.length + 10);
  w.byte(SINGULAR_BATCH_TYPE);
  writeRlpListHeader(w, body.length);
  w.bytes(body);
  return w.finish();
}

/** Concatenates typed batches as RLP byte strings: the uncompressed channel content. */
export function encodeBatchStream(batches: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const b of batches) size += b.length + 9;
  const w = createWriter(size);
  for (const b of batches) writeRlpString(w, b);
  return w.finish();
}
