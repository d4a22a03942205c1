/**
 * Batch posting: the batch poster sends the L2 blocks made since the last batch to the
 * SequencerInbox, through the entry point a real Nitro batch poster uses for each data location.
 *
 * kinds: 'calldata' addSequencerL2BatchFromOrigin, data 0x00 (brotli) + payload   → CALLDATA
 *        'separate' addSequencerL2Batch (SequencerBatchData event), 0x00 payload  → CALLDATA
 *        'blob'     addSequencerL2BatchFromBlobs in a type-3 tx, 0x00 payload in blobs → BLOB
 *        'anytrust' FromOrigin with a 0x88 DAS certificate (keyset registered at deploy) → ANYTRUST
 *        'celestia' FromOrigin with 0x01 (custom DA) + 0x63 Celestia blob pointer  → CELESTIA
 * TruthBatch: L2 range = messages [prevMessageCount, newMessageCount) + l2GenesisBlock; bytesPosted
 * = batch data bytes (blob: blobCount × 131072); delayedMessagesRead = afterDelayedMessagesRead.
 */
import { concatHex, keccak256, numberToHex, stringToHex, toBlobs, toHex, type Hex } from 'viem';
import type { TruthBatch, TruthRef } from '../truth.ts';
import type { RecordedTx } from '../recorder.ts';
import type { ArbitrumDeployment } from './deploy.ts';
import { l2BlockOfMessage, syncL2Blocks } from './l2.ts';
import { l2Time, markDelayedIncluded, oneEvent, refOfEvent } from './truth-helpers.ts';

export type BatchKind = 'calldata' | 'separate' | 'blob' | 'anytrust' | 'celestia';

export interface PostBatchOptions {
  kind?: BatchKind;
  /** Last L2 block to include (default: the L2 head). */
  upToL2Block?: number;
  /** afterDelayedMessagesRead (default: every delayed message delivered so far). */
  delayedRead?: bigint;
  /** Payload bytes per L2 block (default 120). */
  bytesPerBlock?: number;
}

export interface InboxState {
  batchCount: bigint;
  reportedMessageCount: bigint;
  totalDelayedMessagesRead: bigint;
  delayedMessageCount: bigint;
}

export async function readInboxState(dep: ArbitrumDeployment): Promise<InboxState> {
  const p = dep.ctx.l1.public;
  const si = { address: dep.addresses.sequencerInbox, abi: dep.abi.sequencerInbox } as const;
  const [batchCount, reportedMessageCount, totalDelayedMessagesRead, delayedMessageCount] = await Promise.all([
    p.readContract({ ...si, functionName: 'batchCount' }) as Promise<bigint>,
    p.readContract({ ...si, functionName: 'reportedMessageCount' }) as Promise<bigint>,
    p.readContract({ ...si, functionName: 'totalDelayedMessagesRead' }) as Promise<bigint>,
    p.readContract({ address: dep.addresses.bridge, abi: dep.abi.bridge, functionName: 'delayedMessageCount' }) as Promise<bigint>,
  ]);
  return { batchCount, reportedMessageCount, totalDelayedMessagesRead, delayedMessageCount };
}

/** Deterministic incompressible-looking bytes (what brotli output looks like). */
export function pseudoRandomBytes(seed: string, length: number): Hex {
  let out = '';
  let h = keccak256(stringToHex(seed));
  while (out.length < length * 2) {
    out += h.slice(2);
    h = keccak256(h);
  }
  return `0x${out.slice(0, length * 2)}`;
}

function batchData(dep: ArbitrumDeployment, kind: BatchKind, seq: bigint, messages: number, bytesPerBlock: number): Hex {
  const payload = pseudoRandomBytes(`${dep.rollupId}:batch:${seq}`, Math.max(16, messages * bytesPerBlock));
  if (kind === 'anytrust') {
    // DAS certificate: flag 0x88 | keysetHash | dataHash | timeout u64 | version u8 | signersMask u64 | BLS signature (96)
    const timeout = BigInt(Math.floor(Date.UTC(2030, 0, 1) / 1000));
    return concatHex(['0x88', dep.keysetHash, keccak256(payload), numberToHex(timeout, { size: 8 }), '0x01', numberToHex(1n, { size: 8 }), pseudoRandomBytes(`sig:${seq}`, 96)]);
  }
  if (kind === 'celestia') {
    // Custom DA 0x01, provider 0x63 ('c'), blob pointer: height u64 | start u64 | shares u64 | txCommitment | dataRoot
    return concatHex(['0x01', '0x63', numberToHex(1_000_000n + seq, { size: 8 }), numberToHex(0n, { size: 8 }), numberToHex(BigInt(messages), { size: 8 }), keccak256(payload), keccak256(concatHex([payload, '0x01']))]);
  }
  return concatHex(['0x00', payload]);
}

/**
 * Posts one batch carrying every L2 block from the last batch's end up to `upToL2Block`.
 * Returns the recorded TruthBatch (after reorg replays, the truth entry is rebuilt from the receipt).
 */
export async function postBatch(dep: ArbitrumDeployment, opts: PostBatchOptions = {}): Promise<TruthBatch> {
  const { ctx, abi, addresses, accounts } = dep;
  const kind = opts.kind ?? 'calldata';
  await syncL2Blocks(dep);
  const st = await readInboxState(dep);
  const prev = st.reportedMessageCount;
  const upTo = opts.upToL2Block ?? dep.lastRecordedL2Block;
  const next = BigInt(upTo - dep.params.l2GenesisBlock + 1);
  if (next < prev) throw new Error(`postBatch: upToL2Block ${upTo} is before the last batch's end (message count ${prev})`);
  const afterRead = opts.delayedRead ?? st.delayedMessageCount;
  if (afterRead < st.totalDelayedMessagesRead) throw new Error(`postBatch: delayedRead ${afterRead} < already read ${st.totalDelayedMessagesRead}`);
  const seq = st.batchCount;
  const messages = Number(next - prev);
  const data = batchData(dep, kind, seq, messages, opts.bytesPerBlock ?? 120);
  const zeroAddress = '0x0000000000000000000000000000000000000000';

  let blobs: Hex[] | undefined;
  let functionName: string;
  let args: readonly unknown[];
  if (kind === 'blob') {
    blobs = [...toBlobs({ data })];
    functionName = 'addSequencerL2BatchFromBlobs';
    args = [seq, afterRead, zeroAddress, prev, next];
  } else {
    functionName = kind === 'separate' ? 'addSequencerL2Batch' : 'addSequencerL2BatchFromOrigin';
    args = [seq, data, afterRead, zeroAddress, prev, next];
  }
  const dataLocation: TruthBatch['dataLocation'] =
    kind === 'blob' ? 'BLOB' : kind === 'anytrust' ? 'ANYTRUST' : kind === 'celestia' ? 'CELESTIA' : 'CALLDATA';
  const bytesPosted = kind === 'blob' ? blobs!.length * 131072 : (data.length - 2) / 2;

  let result: TruthBatch | undefined;
  await ctx.write({
    account: accounts.batchPoster,
    address: addresses.sequencerInbox,
    abi: abi.sequencerInbox,
    functionName,
    args,
    blobs,
    build: (tx: RecordedTx) => {
      const ev = oneEvent(tx.events, 'SequencerBatchDelivered', `batch ${seq}`);
      const ref: TruthRef = refOfEvent(ev);
      const start = l2BlockOfMessage(dep, prev);
      const end = l2BlockOfMessage(dep, next) - 1;
      const batch: TruthBatch = {
        rollupId: dep.rollupId,
        batchNumber: String(ev.args.batchSequenceNumber),
        l1: ref,
        submitter: tx.from,
        dataLocation,
        bytesPosted,
        blobCount: blobs?.length ?? 0,
        l2BlockStart: start,
        l2BlockEnd: end,
        l2TimeStart: end >= start ? l2Time(dep, start) : 0,
        l2TimeEnd: end >= start ? l2Time(dep, end) : 0,
        delayedMessagesRead: String(ev.args.afterDelayedMessagesRead),
      };
      ctx.recorder.truth.batches.push(batch);
      markDelayedIncluded(dep, BigInt(ev.args.afterDelayedMessagesRead as string), ref, false);
      markWithdrawalsIncluded(dep, start, end, ref);
      result = batch;
    },
  });
  return result!;
}

/** Withdrawals initiated in L2 blocks [start, end] are carried to L1 by this batch. */
export function markWithdrawalsIncluded(dep: ArbitrumDeployment, start: number, end: number, ref: TruthRef): void {
  for (const m of dep.ctx.recorder.truth.bridgeMessages) {
    const init = m.stages.INITIATED;
    if (m.rollupId === dep.rollupId && m.direction === 'WITHDRAWAL' && !m.stages.INCLUDED && init && init.blockNumber >= start && init.blockNumber <= end) {
      m.stages.INCLUDED = ref;
    }
  }
}

export const _testing = { batchData, toHex };
