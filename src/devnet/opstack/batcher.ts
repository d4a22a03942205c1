/**
 * The batcher: posts produced L2 blocks to the batch inbox from the batcher EOA, as type-2
 * calldata txs or type-3 blob txs, with the real derivation encoding (frames of a zlib or brotli
 * channel of singular or span batches; see src/stacks/opstack/derivation).
 *
 * OP batch row (TruthBatch) — what the indexer must reproduce:
 * - ONE ROW PER CHANNEL, emitted when the channel is complete, i.e. by the batcher tx that carries
 *   its last missing frame (the "completing tx"). A channel may span several txs (multi-tx) and a
 *   tx/blob may carry several of its frames (multi-frame); only valid batcher txs count: sent to
 *   the batch inbox by the batcher in force at that L1 block (SystemConfig ConfigUpdate BATCHER;
 *   as in op-node, an update applies from the block that holds it — the emulator never puts a
 *   batcher change and a batcher tx in the same block).
 * - batchNumber: 0-based order of completion among this rollup's channels, in L1 order
 *   (block number, tx index).
 * - l1: the completing tx (no logIndex); submitter: its sender (lowercase).
 * - dataLocation: CALLDATA for type-2 txs, BLOB for type-3 txs (the emulator never mixes them in
 *   one channel).
 * - bytesPosted: summed over every tx that carried a frame of the channel: calldata length in bytes
 *   (CALLDATA) or 131072 × blobs (BLOB); blobCount: summed the same way (0 for CALLDATA).
 * - l2BlockStart/End, l2TimeStart/End: first and last L2 block carried by the channel's batches
 *   (L2 block number = genesis.l2Block + (timestamp − genesis.l2Time) / blockTime).
 *
 * Deposit inclusion rule recorded with each row (forced messages and DEPOSIT bridge messages):
 * a deposit is INCLUDED by the first batch row whose completing tx comes after the deposit's log
 * in L1 order; `forced` is true when that batch's L1 time is past the deposit's deadline
 * (enqueue L1 time + sequencingWindowBlocks × 12 s), i.e. derivation had to force it in.
 */
import { bytesToHex, pad, type Hex } from 'viem';
import { encodeBatcherSubmission, type ChannelCompression, type L2BlockForBatch } from '../../stacks/opstack/derivation/index.ts';
import type { RecordedTx } from '../recorder.ts';
import type { TruthBatch, TruthRef } from '../truth.ts';
import { lower, writeL1, type OpL2Block, type OpState } from './state.ts';

export interface PostBatchArgs {
  /** Post at most this many of the unbatched L2 blocks (default: all). */
  maxBlocks?: number;
  /** 'calldata' (type-2 txs) or 'blobs' (type-3 txs). Default 'blobs'. */
  target?: 'calldata' | 'blobs';
  batchType?: 'singular' | 'span';
  compression?: ChannelCompression;
  /** Frame size incl. its 23-byte header; small values give multi-frame channels. */
  maxFrameSize?: number;
  /** Calldata: frames per tx (default 1, so a multi-frame channel is also multi-tx). */
  framesPerTx?: number;
  /** Blobs per type-3 tx (default 6). */
  blobsPerTx?: number;
  /**
   * Post from a batcher that is NOT in force (the previous one): derivation ignores such txs, so
   * no batch row is recorded and the blocks stay unbatched. For adversarial scenarios.
   */
  asStaleBatcher?: boolean;
}

export interface PostedBatch {
  /** Undefined when posted by a stale batcher (ignored by derivation). */
  truth?: TruthBatch;
  channelId: Hex;
  txs: RecordedTx[];
  blocks: OpL2Block[];
}

export const BLOB_BYTES = 131_072;

export async function postBatch(s: OpState, args: PostBatchArgs = {}): Promise<PostedBatch | null> {
  const first = s.batcher.nextL2Block;
  const unbatched = s.l2Blocks.filter((b) => b.number >= first);
  const blocks = unbatched.slice(0, args.maxBlocks ?? unbatched.length);
  if (blocks.length === 0) return null;
  if (args.asStaleBatcher && s.batcher.index === 0) {
    throw new Error(`[opstack ${s.id}] asStaleBatcher needs a previous batcher: call changeBatcher() first`);
  }
  const target = args.target ?? 'blobs';
  const submission = encodeBatcherSubmission({
    blocks: blocks.map(toBatchBlock),
    batchType: args.batchType ?? 'span',
    compression: args.compression ?? 'brotli',
    genesisL2Time: s.definition.genesis.l2Time,
    chainId: s.definition.l2ChainId,
    target,
    maxFrameSize: args.maxFrameSize,
    framesPerTx: args.framesPerTx,
    blobsPerTx: args.blobsPerTx,
  });
  const from = s.accounts.batchers[args.asStaleBatcher ? s.batcher.index - 1 : s.batcher.index]!;
  const last = blocks.at(-1)!;
  let bytesPosted = 0;
  let blobCount = 0;
  const txs: RecordedTx[] = [];
  for (const [i, tx] of submission.txs.entries()) {
    const completes = i === submission.txs.length - 1 && !args.asStaleBatcher;
    if (tx.kind === 'calldata') bytesPosted += tx.data.length;
    else {
      bytesPosted += BLOB_BYTES * tx.blobs.length;
      blobCount += tx.blobs.length;
    }
    // The row is built from the completing tx; the sizes of the whole channel are fixed now.
    const row = { bytesPosted, blobCount };
    const build = completes
      ? (t: RecordedTx) => {
          const batch = {
            rollupId: s.id,
            batchNumber: String(s.truth.batches.filter((b) => b.rollupId === s.id).length),
            l1: { ...t.ref },
            submitter: lower(t.from),
            dataLocation: target === 'blobs' ? ('BLOB' as const) : ('CALLDATA' as const),
            ...row,
            l2BlockStart: blocks[0]!.number,
            l2BlockEnd: last.number,
            l2TimeStart: blocks[0]!.timestamp,
            l2TimeEnd: last.timestamp,
          };
          s.truth.batches.push(batch);
          markDepositsIncluded(s, batch.l1);
        }
      : undefined;
    txs.push(
      await s.ctx
        .send({
          account: from,
          to: s.addresses.batchInbox,
          data: tx.kind === 'calldata' ? bytesToHex(tx.data) : '0x',
          blobs: tx.kind === 'blobs' ? tx.blobs.map((b) => bytesToHex(b)) : undefined,
          gas: tx.kind === 'blobs' ? 21_000n : undefined,
          build,
        })
        .catch((e: unknown) => {
          throw new Error(`[opstack ${s.id}] batcher tx ${i + 1}/${submission.txs.length} (${tx.kind}) failed: ${String((e as Error).message).split('\n')[0]}`, { cause: e });
        }),
    );
  }
  if (args.asStaleBatcher) return { channelId: submission.channelId, txs, blocks };
  s.batcher.nextL2Block = last.number + 1;
  return { truth: s.truth.batches.at(-1), channelId: submission.channelId, txs, blocks };
}

function toBatchBlock(b: OpL2Block): L2BlockForBatch {
  return {
    parentHash: b.parentHash,
    timestamp: b.timestamp,
    l1Origin: { number: b.l1Origin.number, hash: b.l1Origin.hash },
    sequenceNumber: b.sequenceNumber,
    transactions: b.transactions,
  };
}

/** `a` comes before `b` in L1 order. L1 automines one tx per block, so block numbers decide. */
function isBefore(a: TruthRef, b: TruthRef): boolean {
  return a.blockNumber < b.blockNumber;
}

/** Applies the deposit inclusion rule (see the module comment) for a newly recorded batch row. */
function markDepositsIncluded(s: OpState, batchRef: TruthRef): void {
  for (const f of s.truth.forcedMessages) {
    if (f.rollupId !== s.id || f.included || !isBefore(f.enqueued, batchRef)) continue;
    f.included = batchRef;
    f.forced = batchRef.timestamp > f.deadline;
  }
  for (const m of s.truth.bridgeMessages) {
    if (m.rollupId !== s.id || m.direction !== 'DEPOSIT' || m.stages.INCLUDED || !m.stages.INITIATED) continue;
    if (isBefore(m.stages.INITIATED, batchRef)) m.stages.INCLUDED = batchRef;
  }
}

/** SystemConfig.setBatcherHash(next batcher): later batches come from the new batcher EOA. */
export async function changeBatcher(s: OpState): Promise<{ previous: Hex; current: Hex; tx: RecordedTx }> {
  const nextIndex = s.batcher.index + 1;
  const next = s.accounts.batchers[nextIndex];
  if (!next) throw new Error(`[opstack ${s.id}] no batcher account left (have ${s.accounts.batchers.length})`);
  const tx = await writeL1(s, s.accounts.owner, {
    address: s.addresses.systemConfig,
    artifact: 'SystemConfig',
    functionName: 'setBatcherHash',
    args: [pad(next.address, { size: 32 })],
  });
  const previous = lower(s.accounts.batchers[s.batcher.index]!.address);
  s.batcher.index = nextIndex;
  return { previous, current: lower(next.address), tx };
}
