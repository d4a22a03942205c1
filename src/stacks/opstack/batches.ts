/**
 * Sequencer batches from batcher transactions (the `batches` source): each valid batcher tx is
 * read with the derivation codec (calldata, or each blob of a type-3 tx), its frames go through a
 * channel assembler whose state persists across ranges, and every channel the assembler completes
 * becomes ONE sequencer_batches row:
 *
 * - provenance: the tx during whose frames the channel completed (the "completing tx"; logIndex −1,
 *   subIndex numbers the rows of that tx); submitter = its sender;
 * - batchNumber: 0-based order of completion among the rollup's rows (channels and alt-DA
 *   commitments) in L1 order (block, tx index, blob index);
 * - dataLocation: CALLDATA or BLOB after the txs that carried the channel's frames; bytesPosted =
 *   calldata bytes (CALLDATA) or 131072 × blobs (BLOB) of those txs, blobCount likewise; L1 gas,
 *   execution fee (gasUsed × effectiveGasPrice), blob gas and blob fee (blobGasUsed × blobGasPrice)
 *   summed over them; l1GasPrice = executionFee / l1GasUsed; blobBaseFee = the completing
 *   (or last blob-carrying) tx's blob gas price. A tx's cost is counted once, in the first row
 *   completed with it (txs carrying frames of two channels are rare; op-batcher fills a tx from
 *   one channel);
 * - l2BlockStart/End, l2TimeStart/End: first and last L2 block of the channel's batches
 *   (number = genesis.l2Block + (timestamp − genesis.l2Time) / blockTime).
 * Alt-DA commitments (version byte 0x01) have no frames on L1: each becomes its own row with
 * dataLocation ALT_DA, the DA layer and commitment in extra, and no L2 range.
 *
 * Valid batcher txs, as op-node: to = batch inbox, from = the batcher in force at that L1 block
 * (BatcherHistory), receipt status success. Malformed data (bad blob, unknown version, bad frame)
 * is reported as an issue and skipped; the rest of the range still decodes.
 */
import { hexToBytes } from 'viem';
import type { Hex, OpStackRollup } from '../../rollups/types.ts';
import type { Facts, RawTransaction } from '../types.ts';
import type { BatcherHistory } from './batcher-history.ts';
import {
  createChannelAssembler,
  decodeBlob,
  decodeChannel,
  parseBatcherData,
  SUPERCHAIN_MAINNET_CHANNEL_TIMEOUT,
  SUPERCHAIN_MAINNET_FORKS,
  type AssembledChannel,
  type ChannelAssemblerState,
  type DecodedChannel,
  type ForkTimes,
  type L1Ref,
} from './derivation/index.ts';
import { errorCode, errorMessage, json, lower, txProvenance, type IssueSink } from './rows.ts';

export const BLOB_BYTES = 131_072;

/** DA cost of one batcher tx, kept while frames it carried sit in open channels. JSON-safe. */
export interface CarrierCost {
  blockNumber: number;
  dataLocation: 'CALLDATA' | 'BLOB';
  bytes: number;
  blobs: number;
  gasUsed: string | null;
  gasPrice: string | null;
  blobGasUsed: string | null;
  blobGasPrice: string | null;
  /** Already summed into an earlier row. */
  counted: boolean;
}

/** Decoder state of the batches source (decoder_state key `batcher`). JSON-safe. */
export interface BatcherDecoderState {
  version: 1;
  assembler: ChannelAssemblerState | null;
  /** batchNumber of the next row, decimal. */
  nextBatchNumber: string;
  /** Costs of the txs that carried frames of channels still open, by tx hash. */
  carriers: Record<string, CarrierCost>;
}

export const initialBatcherState = (): BatcherDecoderState => ({ version: 1, assembler: null, nextBatchNumber: '0', carriers: {} });

export type SequencerBatchRow = Facts['sequencerBatches'][number];

export interface DecodeBatcherTxsArgs {
  rollup: OpStackRollup;
  /** Transactions of the range in L1 order (block number, tx index). */
  txs: readonly RawTransaction[];
  state: BatcherDecoderState | undefined;
  batchers: BatcherHistory;
  report: IssueSink;
  /** Source id, for issues. */
  source: string;
}

/** Derivation parameters of a rollup: its own, else the Superchain mainnet ones. */
export function derivationParams(rollup: OpStackRollup): { channelTimeout: number; forks: ForkTimes } {
  return {
    channelTimeout: rollup.derivation?.channelTimeout ?? SUPERCHAIN_MAINNET_CHANNEL_TIMEOUT,
    forks: rollup.derivation?.forks ?? SUPERCHAIN_MAINNET_FORKS,
  };
}

export const isBlobTransaction = (tx: RawTransaction) =>
  tx.type === '0x3' || tx.type === 'eip4844' || (tx.blobVersionedHashes?.length ?? 0) > 0;

function carrierCost(tx: RawTransaction): CarrierCost {
  const blob = isBlobTransaction(tx);
  const blobs = blob ? (tx.blobVersionedHashes?.length ?? tx.blobs?.length ?? 0) : 0;
  const r = tx.receipt;
  return {
    blockNumber: tx.blockNumber,
    dataLocation: blob ? 'BLOB' : 'CALLDATA',
    bytes: blob ? blobs * BLOB_BYTES : (tx.input.length - 2) / 2,
    blobs,
    gasUsed: r ? r.gasUsed.toString() : null,
    gasPrice: r ? r.effectiveGasPrice.toString() : null,
    blobGasUsed: r?.blobGasUsed !== undefined ? r.blobGasUsed.toString() : null,
    blobGasPrice: r?.blobGasPrice !== undefined ? r.blobGasPrice.toString() : null,
    counted: false,
  };
}

interface CostSum {
  bytesPosted: number;
  blobCount: number;
  l1GasUsed: bigint | null;
  executionFee: bigint | null;
  blobGasUsed: bigint | null;
  blobFee: bigint | null;
}

/** Sums the not-yet-counted carriers and marks them counted. */
function sumCosts(carriers: CarrierCost[]): CostSum {
  const s: CostSum = { bytesPosted: 0, blobCount: 0, l1GasUsed: 0n, executionFee: 0n, blobGasUsed: null, blobFee: null };
  for (const c of carriers) {
    if (c.counted) continue;
    c.counted = true;
    s.bytesPosted += c.bytes;
    s.blobCount += c.blobs;
    if (c.gasUsed === null || c.gasPrice === null) {
      s.l1GasUsed = null;
      s.executionFee = null;
    } else if (s.l1GasUsed !== null && s.executionFee !== null) {
      s.l1GasUsed += BigInt(c.gasUsed);
      s.executionFee += BigInt(c.gasUsed) * BigInt(c.gasPrice);
    }
    if (c.blobGasUsed !== null) {
      s.blobGasUsed = (s.blobGasUsed ?? 0n) + BigInt(c.blobGasUsed);
      if (c.blobGasPrice !== null) s.blobFee = (s.blobFee ?? 0n) + BigInt(c.blobGasUsed) * BigInt(c.blobGasPrice);
    }
  }
  return s;
}

const str = (v: bigint | null) => (v === null ? null : v.toString());

function costColumns(s: CostSum, blobBaseFee: string | null) {
  return {
    bytesPosted: s.bytesPosted,
    blobCount: s.blobCount,
    blobGasUsed: str(s.blobGasUsed),
    blobBaseFee,
    l1GasUsed: str(s.l1GasUsed),
    l1GasPrice: s.l1GasUsed !== null && s.executionFee !== null && s.l1GasUsed > 0n ? (s.executionFee / s.l1GasUsed).toString() : null,
    executionFee: str(s.executionFee),
    blobFee: str(s.blobFee),
  };
}

function l2Range(decoded: DecodedChannel) {
  let start: number | null = null;
  let end: number | null = null;
  let tStart: number | null = null;
  let tEnd: number | null = null;
  let blocks = 0;
  let l2Txs = 0;
  for (const b of decoded.batches) {
    for (const blk of b.blocks) {
      blocks++;
      l2Txs += blk.txCount;
      if (blk.number === null) continue;
      if (start === null || blk.number < start) { start = blk.number; tStart = blk.timestamp; }
      if (end === null || blk.number > end) { end = blk.number; tEnd = blk.timestamp; }
    }
  }
  return { l2BlockStart: start, l2BlockEnd: end, l2TimeStart: tStart, l2TimeEnd: tEnd, blocks, l2Txs };
}

/**
 * Decodes batcher transactions of one range, continuing from `state`; returns the rows and the
 * state to persist. Pure apart from BatcherHistory lookups.
 */
export async function decodeBatcherTransactions(args: DecodeBatcherTxsArgs): Promise<{ rows: SequencerBatchRow[]; state: BatcherDecoderState }> {
  const { rollup, report, source } = args;
  const chainId = rollup.l1ChainId;
  const inbox = lower(rollup.batchInbox);
  const params = derivationParams(rollup);
  const genesis = { l2Time: rollup.genesis.l2Time, l2Block: rollup.genesis.l2Block, blockTime: rollup.genesis.blockTime };
  const prior = args.state ?? initialBatcherState();
  if (prior.version !== 1) throw new Error(`opstack batcher state of ${rollup.id} has version ${String(prior.version)}, expected 1`);
  const carriers: Record<string, CarrierCost> = structuredClone(prior.carriers);
  let next = BigInt(prior.nextBatchNumber);
  const asm = createChannelAssembler({
    params: { channelTimeout: params.channelTimeout, forks: params.forks },
    state: prior.assembler ?? undefined,
    onDiscard: (d) => {
      if (d.kind !== 'channel') return;
      report({ rollupId: rollup.id, source, what: 'channel', blockNumber: d.at.blockNumber, txHash: d.at.txHash, code: `CHANNEL_DISCARDED`, message: `channel ${d.channelId} discarded (${d.reason}) with ${d.frames?.length ?? 0} frames` });
    },
  });
  const rows: SequencerBatchRow[] = [];

  for (const tx of args.txs) {
    if (!tx.to || lower(tx.to) !== inbox) continue;
    const batchers = await args.batchers.at(rollup, tx.blockNumber);
    const issue = (what: 'transaction' | 'blob', code: string, message: string, blobIndex?: number) =>
      report({ rollupId: rollup.id, source, what, blockNumber: tx.blockNumber, txHash: tx.hash, blobIndex, code, message });
    if (!batchers.includes(lower(tx.from))) {
      issue('transaction', 'NOT_BATCHER', `sender ${lower(tx.from)} is not the batcher at block ${tx.blockNumber} (${batchers.join(', ')}): ignored by derivation`);
      continue;
    }
    if (tx.receipt?.status === 'reverted') {
      issue('transaction', 'TX_REVERTED', 'reverted batcher transaction: ignored by derivation');
      continue;
    }
    const cost = carrierCost(tx);
    const items: { data: Uint8Array; blobIndex?: number }[] = [];
    if (isBlobTransaction(tx)) {
      // Type-3 txs: derivation reads the blobs only (calldata ignored).
      const hashes = tx.blobVersionedHashes ?? [];
      if (!tx.blobs || tx.blobs.length !== hashes.length) {
        throw new Error(`batcher blob tx ${tx.hash} (block ${tx.blockNumber}) came with ${tx.blobs?.length ?? 'no'} blobs for ${hashes.length} versioned hashes: the batches source must be fetched withBlobs`);
      }
      tx.blobs.forEach((blob, blobIndex) => {
        try {
          items.push({ data: decodeBlob(blob), blobIndex });
        } catch (err) {
          issue('blob', errorCode(err), `blob ${blobIndex}: ${errorMessage(err)}`, blobIndex);
        }
      });
    } else {
      items.push({ data: hexToBytes(tx.input as Hex) });
    }

    let sub = 0;
    for (const item of items) {
      let parsed;
      try {
        parsed = parseBatcherData(item.data);
      } catch (err) {
        issue(item.blobIndex === undefined ? 'transaction' : 'blob', errorCode(err), `${item.blobIndex === undefined ? 'calldata' : `blob ${item.blobIndex}`}: ${errorMessage(err)}`, item.blobIndex);
        continue;
      }
      if (parsed.kind === 'altda') {
        const s = sumCosts([cost]);
        rows.push(Object.assign(txProvenance(chainId, tx, sub++), {
          rollupId: rollup.id, batchNumber: (next++).toString(), submitter: lower(tx.from), dataLocation: 'ALT_DA',
          ...costColumns(s, cost.blobGasPrice),
          l2BlockStart: null, l2BlockEnd: null, l2TimeStart: null, l2TimeEnd: null, delayedMessagesRead: null, forced: false,
          extra: json({
            commitmentType: parsed.commitmentType, daLayer: parsed.commitmentType === 'generic' ? parsed.daLayer : 'keccak256',
            daLayerByte: parsed.commitmentType === 'generic' ? parsed.daLayerByte : undefined, commitment: parsed.commitment, blobIndex: item.blobIndex,
          }),
        }));
        continue;
      }
      carriers[tx.hash] ??= cost;
      const l1: L1Ref = { blockNumber: tx.blockNumber, timestamp: tx.blockTime, blockHash: tx.blockHash, txHash: tx.hash, txIndex: tx.transactionIndex, blobIndex: item.blobIndex };
      for (const ch of asm.addFrames(parsed.frames, l1)) {
        rows.push(await channelRow(ch, tx, sub++, next++));
      }
    }
  }

  async function channelRow(ch: AssembledChannel, tx: RawTransaction, subIndex: number, batchNumber: bigint): Promise<SequencerBatchRow> {
    const decoded = await decodeChannel(ch.data, { genesis, forks: params.forks, l1Timestamp: ch.readAt.timestamp, spanBatchTxs: 'skip' });
    const txHashes = [...new Set(ch.frames.map((f) => f.l1.txHash).filter((h): h is Hex => !!h))];
    const used = txHashes.map((h) => carriers[h]).filter((c): c is CarrierCost => !!c);
    const blobFrames = ch.frames.filter((f) => f.l1.blobIndex !== undefined).length;
    const dataLocation = blobFrames > 0 ? 'BLOB' : 'CALLDATA';
    const lastBlobCarrier = [tx.hash, ...[...txHashes].reverse()].map((h) => carriers[h]).find((c) => c?.blobGasPrice);
    const range = l2Range(decoded);
    const err = decoded.error ?? decoded.decompressionError;
    if (err) {
      report({ rollupId: rollup.id, source, what: 'channel', blockNumber: tx.blockNumber, txHash: tx.hash, code: err.code, message: `channel ${ch.id}: ${err.message}` });
    }
    return Object.assign(txProvenance(chainId, tx, subIndex), {
      rollupId: rollup.id,
      batchNumber: batchNumber.toString(),
      submitter: lower(tx.from),
      dataLocation,
      ...costColumns(sumCosts(used), lastBlobCarrier?.blobGasPrice ?? null),
      l2BlockStart: range.l2BlockStart,
      l2BlockEnd: range.l2BlockEnd,
      l2TimeStart: range.l2TimeStart,
      l2TimeEnd: range.l2TimeEnd,
      delayedMessagesRead: null,
      forced: false,
      extra: json({
        channelId: ch.id,
        frames: ch.frames.length,
        carrierTxs: txHashes,
        openedAtBlock: ch.openedAt.blockNumber,
        mixedDataLocations: blobFrames > 0 && blobFrames < ch.frames.length ? true : undefined,
        compression: decoded.compression ?? undefined,
        batchTypes: [...new Set(decoded.batches.map((b) => b.type))],
        batches: decoded.batches.length,
        l2Blocks: range.blocks,
        l2Txs: range.l2Txs,
        skippedBatches: decoded.skipped.length || undefined,
        decodeError: err ? `${err.code}: ${err.message}` : undefined,
      }),
    });
  }

  const assembler = asm.toState();
  // Keep only the costs of txs whose frames still sit in open channels.
  const open = new Set(assembler.channels.flatMap((c) => c.frames.map((f) => f.l1.txHash)));
  for (const h of Object.keys(carriers)) if (!open.has(h as Hex)) delete carriers[h];
  return { rows, state: { version: 1, assembler, nextBatchNumber: next.toString(), carriers } };
}
