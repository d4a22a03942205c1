/**
 * sequencer_batches rows: SequencerBatchDelivered joined with its transaction (input, blobs) and
 * receipt (gas, fees).
 *
 * Definitions:
 * - L2 block range: the batch carries messages [prevMessageCount, newMessageCount) and message i
 *   is L2 block i + l2GenesisBlock, so l2BlockStart = prevMessageCount + genesis and
 *   l2BlockEnd = newMessageCount − 1 + genesis. No new messages ⇒ no range. When the counts are
 *   not in the calldata (a contract called the inbox, the pre-2023 4-argument overload,
 *   forceInclusion) the range stays null and extra.reason says why — nothing is guessed.
 * - bytesPosted: bytes of batch data posted on L1 — the data argument (calldata variants) or the
 *   SequencerBatchData payload; for blob batches blobCount × 131072 (whole blobs are paid for).
 * - executionFee = gasUsed × effectiveGasPrice; blobFee = blobGasUsed × blobGasPrice (receipt).
 * - L2 timestamps cannot come from L1 alone: l2TimeStart/End are the timestamps of the range's
 *   first and last L2 block read from the L2 RPC when one is configured (resolveL2Times), else null.
 */
import type { ArbitrumRollup } from '../../rollups/types.ts';
import { ChainError } from '../../chain/errors.ts';
import type { DecodeContext, Facts, RawLog, RawTransaction } from '../types.ts';
import { decodeBatchCall, type BatchCall } from './batch-call.ts';
import { BatchDataLocation, BLOB_SIZE, GAS_PER_BLOB, MAX_UINT256 } from './constants.ts';
import { classifyBatchData } from './data-location.ts';
import type { decoders } from './events.ts';
import { json, lower, provenanceOf } from './rows.ts';

type BatchDelivered = ReturnType<typeof decoders.SequencerBatchDelivered>['args'];
export type SequencerBatchRow = Facts['sequencerBatches'][number];

export interface SequencerBatchInput {
  rollup: ArbitrumRollup;
  log: RawLog;
  event: BatchDelivered;
  tx: RawTransaction;
  /** Payload of the SequencerBatchData log of the same transaction and batch, if any. */
  separateData?: `0x${string}`;
}

export function sequencerBatchRow({ rollup, log, event, tx, separateData }: SequencerBatchInput): SequencerBatchRow {
  const reasons: string[] = [];
  const direct = lower(tx.to ?? '0x') === lower(rollup.contracts.sequencerInbox.address);
  const call: BatchCall | undefined = direct ? decodeBatchCall(tx.input, tx.hash) : undefined;
  if (!call) {
    reasons.push(`transaction does not call the SequencerInbox directly (to ${tx.to ?? 'none'}, selector ${tx.input.slice(0, 10)}): message counts unknown`);
  }

  // L2 block range from the declared message counts.
  let l2BlockStart: number | null = null;
  let l2BlockEnd: number | null = null;
  const seqOk = call?.sequenceNumber === undefined || call.sequenceNumber === event.batchSequenceNumber || call.sequenceNumber === MAX_UINT256;
  if (call && !seqOk) {
    reasons.push(`calldata sequenceNumber ${call.sequenceNumber} differs from the event's ${event.batchSequenceNumber}`);
  } else if (call?.forced) {
    reasons.push('forceInclusion: adds delayed messages only and declares no message counts');
  } else if (call && call.prevMessageCount === undefined) {
    reasons.push(`${call.functionName} (4-argument overload) declares no message counts`);
  } else if (call && call.newMessageCount! > call.prevMessageCount!) {
    const genesis = BigInt(rollup.l2GenesisBlock);
    l2BlockStart = Number(call.prevMessageCount! + genesis);
    l2BlockEnd = Number(call.newMessageCount! - 1n + genesis);
  } else if (call) {
    reasons.push('batch carries no new messages');
  }

  // Data: where it is and how much was posted.
  const code = event.dataLocation;
  let data: `0x${string}` | undefined;
  if (code === BatchDataLocation.TxInput) data = call?.data;
  else if (code === BatchDataLocation.SeparateBatchEvent) {
    data = separateData;
    if (data === undefined) reasons.push('SequencerBatchData log of this batch not found in the transaction');
  }
  const { location, reason } = classifyBatchData(code, data);
  if (reason) reasons.push(reason);

  const receipt = tx.receipt;
  let blobCount = 0;
  let bytesPosted = 0;
  if (code === BatchDataLocation.Blob) {
    blobCount = tx.blobVersionedHashes?.length ?? (receipt?.blobGasUsed !== undefined ? Number(receipt.blobGasUsed / GAS_PER_BLOB) : 0);
    bytesPosted = blobCount * BLOB_SIZE;
  } else if (data !== undefined) {
    bytesPosted = (data.length - 2) / 2;
  }

  const blobGasUsed = receipt?.blobGasUsed;
  const blobGasPrice = receipt?.blobGasPrice;
  return Object.assign(provenanceOf(rollup.l1ChainId, log), {
    rollupId: rollup.id,
    batchNumber: event.batchSequenceNumber.toString(),
    submitter: lower(tx.from),
    dataLocation: location,
    bytesPosted,
    blobCount,
    blobGasUsed: blobGasUsed?.toString() ?? null,
    blobBaseFee: blobGasPrice?.toString() ?? null,
    l1GasUsed: receipt?.gasUsed.toString() ?? null,
    l1GasPrice: receipt?.effectiveGasPrice.toString() ?? null,
    executionFee: receipt ? (receipt.gasUsed * receipt.effectiveGasPrice).toString() : null,
    blobFee: blobGasUsed !== undefined && blobGasPrice !== undefined ? (blobGasUsed * blobGasPrice).toString() : null,
    l2BlockStart,
    l2BlockEnd,
    l2TimeStart: null,
    l2TimeEnd: null,
    delayedMessagesRead: event.afterDelayedMessagesRead.toString(),
    // NoData is emitted only by forceInclusion (nitro-contracts), also when it came through a contract.
    forced: call?.forced === true || code === BatchDataLocation.NoData,
    extra: json({
      beforeAcc: event.beforeAcc,
      afterAcc: event.afterAcc,
      delayedAcc: event.delayedAcc,
      timeBounds: event.timeBounds,
      dataLocationCode: code,
      headerByte: data && data.length >= 4 ? `0x${data.slice(2, 4)}` : undefined,
      function: call?.functionName,
      prevMessageCount: call?.prevMessageCount,
      newMessageCount: call?.newMessageCount,
      reason: reasons.length ? reasons.join('; ') : undefined,
    }) as Record<string, unknown>,
  });
}

/**
 * Fills l2TimeStart/l2TimeEnd from the L2 RPC (ctx.l2.request, when the engine offers one). An L2
 * node without a block a batch carries is behind: retryable `lagging`, the range is read again later.
 */
export async function resolveL2Times(rollup: ArbitrumRollup, rows: SequencerBatchRow[], ctx: DecodeContext): Promise<void> {
  const l2 = ctx.l2;
  if (!l2?.request) return;
  const numbers = [...new Set(rows.flatMap((r) => (r.l2BlockStart == null || r.l2BlockEnd == null ? [] : [r.l2BlockStart, r.l2BlockEnd])))];
  const times = new Map<number, number>();
  await Promise.all(numbers.map(async (n) => {
    const block = await l2.request!<{ timestamp: string } | null>('eth_getBlockByNumber', [`0x${n.toString(16)}`, false]);
    if (!block) {
      throw new ChainError('L2 node does not have a block a batch carries', {
        kind: 'lagging', what: 'eth_getBlockByNumber (L2 times of batches)', where: { chainId: rollup.l2ChainId, block: n }, expected: 'an L2 node at or past the batches posted on L1',
      });
    }
    times.set(n, Number(block.timestamp));
  }));
  for (const r of rows) {
    if (r.l2BlockStart == null || r.l2BlockEnd == null) continue;
    r.l2TimeStart = times.get(r.l2BlockStart)!;
    r.l2TimeEnd = times.get(r.l2BlockEnd)!;
  }
}
