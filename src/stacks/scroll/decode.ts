/**
 * Scroll L1 logs → facts.
 *
 * - CommitBatch(i, batchHash): sequencer_batches row of batch i (the commit tx is the batch; costs
 *   split over the CommitBatch logs of the tx — codec v7 commits several batches per tx) and
 *   state_roots ZK_COMMIT (root = batchHash: a commit names no state root). The L2 block range,
 *   L2 times and total L1 messages popped come from the calldata where the codec holds them.
 * - FinalizeBatch(i, batchHash, stateRoot, withdrawRoot): the proof is verified and the state
 *   finalized in the same call, so two rows: ZK_PROOF (subIndex 0) and ZK_EXECUTE (subIndex 1),
 *   root = stateRoot. Since bundles (Darwin) it is emitted once for the last batch of the bundle
 *   and covers every batch ≤ i. Its L2 block is the last block of batch i as its commit calldata
 *   told (codecs v0–v6; null for v7): the `chain` source is sequential and the decoder keeps the
 *   L2 end of every committed, unfinalized batch in its state (`l2Ends`), forgetting reverted ones.
 * - RevertBatch (both overloads): state_root_events REVERTED (kind ZK_COMMIT) per reverted batch.
 * - UpdateEnforcedBatchMode: parameter_changes `enforcedBatchMode`.
 * - QueueTransaction (queue V1 and V2): forced_messages L1_MESSAGE; deadline = enqueue time +
 *   maxDelayMessageQueue for V2 messages (enforced batch mode), none for V1 (no force path then).
 */
import { toEventSelector, type Hex } from 'viem';
import type { Address, ScrollRollup } from '../../rollups/types.ts';
import { emptyFacts, type DecodeContext, type Facts, type SourceBatch } from '../types.ts';
import { commitCosts } from '../zk-common/commitTx.ts';
import { decodeLog, eventDecoder, groupByTransaction, logProvenance } from '../zk-common/facts.ts';
import { chainEvents, commitBatch, queueEvents, revertBatchRange } from './abi.ts';
import { readCommitCalldata, readFinalizeCalldata, type CommitCalldata } from './calldata.ts';
import { l1MessageTxHash } from './l1Message.ts';

/** A RevertBatch range wider than this is refused as malformed. */
export const MAX_REVERT_SPAN = 100_000n;

const decoder = eventDecoder([...chainEvents, ...queueEvents]);
const commitTopic = toEventSelector(commitBatch);
const revertRangeTopic = toEventSelector(revertBatchRange);

export class ScrollDecodeError extends Error {
  override readonly name = 'ScrollDecodeError';
  constructor(readonly details: { rollupId: string; event: string; blockNumber: number; txHash: string; logIndex: number; reason: string }) {
    super(`${details.rollupId}: cannot decode ${details.event} (block ${details.blockNumber}, tx ${details.txHash}, log ${details.logIndex}): ${details.reason}`);
  }
}

/** Decoder state key: L2 end block of each committed, not yet finalized batch (index => block). */
export const L2_ENDS_KEY = 'l2Ends';

export async function decodeScroll(def: ScrollRollup, batch: SourceBatch, ctx: DecodeContext): Promise<Facts> {
  const facts = emptyFacts();
  const tracksEnds = batch.source.id === 'chain';
  const l2Ends = new Map<string, number>(Object.entries(tracksEnds ? (await ctx.state.get<Record<string, number>>(L2_ENDS_KEY)) ?? {} : {}));
  let endsChanged = false;
  const forget = (from: bigint, to: bigint) => {
    for (const k of [...l2Ends.keys()]) if (BigInt(k) >= from && BigInt(k) <= to) { l2Ends.delete(k); endsChanged = true; }
  };
  const chainId = batch.source.chainId;
  const lower = (a: Address) => a.toLowerCase();
  const scrollChain = lower(def.contracts.scrollChain.address);
  const queueV1 = lower(def.contracts.l1MessageQueueV1.address);
  const queueV2 = def.contracts.l1MessageQueueV2 ? lower(def.contracts.l1MessageQueueV2.address) : undefined;
  const ours = batch.logs.filter((l) => [scrollChain, queueV1, queueV2].includes(lower(l.address)));

  for (const [, txLogs] of groupByTransaction(ours)) {
    const commits = txLogs.filter((l) => l.topics[0] === commitTopic && lower(l.address) === scrollChain);
    for (const log of txLogs) {
      const decoded = decodeLog(decoder, log);
      if (!decoded) continue;
      const address = lower(log.address);
      const where = { rollupId: def.id, event: decoded.eventName, blockNumber: log.blockNumber, txHash: log.transactionHash, logIndex: log.logIndex };
      const tx = batch.transactions.get(log.transactionHash);
      const base = Object.assign(logProvenance(chainId, log), { rollupId: def.id });

      if (decoded.eventName === 'QueueTransaction') {
        if (address !== queueV1 && address !== queueV2) continue;
        const { sender, target, value, queueIndex, gasLimit, data } = decoded.args;
        const enforced = address === queueV2;
        const window = enforced ? def.enforcedBatchParameters.maxDelayMessageQueueSeconds : null;
        facts.forcedMessages.push(Object.assign({}, base, {
          queueIndex: queueIndex.toString(),
          kind: 'L1_MESSAGE',
          sender,
          deadline: window === null ? null : log.blockTime + window,
          windowSeconds: window,
          windowBlocks: null,
          messageHash: l1MessageTxHash({ queueIndex, gasLimit, target, value, data, sender }),
          extra: { queue: enforced ? 'V2' : 'V1', target, value: value.toString(), gasLimit: gasLimit.toString(), dataBytes: (data.length - 2) / 2 },
        }));
        continue;
      }
      if (address !== scrollChain) continue;
      switch (decoded.eventName) {
        case 'CommitBatch': {
          const { batchIndex, batchHash } = decoded.args;
          const { tx: txTotals, ...costs } = commitCosts(tx, { index: commits.indexOf(log), count: commits.length }, where);
          let call: CommitCalldata | undefined;
          let calldataError: string | undefined;
          try {
            call = readCommitCalldata(tx!.input, batchIndex, log.transactionHash);
          } catch (e) {
            calldataError = (e as Error).message;
          }
          facts.sequencerBatches.push(Object.assign({}, base, {
            batchNumber: batchIndex.toString(),
            ...costs,
            l2BlockStart: call?.l2BlockStart ?? null,
            l2BlockEnd: call?.l2BlockEnd ?? null,
            l2TimeStart: call?.l2TimeStart ?? null,
            l2TimeEnd: call?.l2TimeEnd ?? null,
            delayedMessagesRead: call?.totalL1MessagePopped?.toString() ?? null,
            forced: call?.forced ?? false,
            extra: { batchHash, call: call?.functionName ?? null, codecVersion: call?.codecVersion ?? null, tx: txTotals, ...(calldataError ? { calldataError } : {}) },
          }));
          forget(batchIndex, batchIndex);
          if (call?.l2BlockEnd != null) { l2Ends.set(batchIndex.toString(), call.l2BlockEnd); endsChanged = true; }
          facts.stateRoots.push(Object.assign({}, base, {
            kind: 'ZK_COMMIT',
            rootIndex: batchIndex.toString(),
            parentIndex: batchIndex > 0n ? (batchIndex - 1n).toString() : null,
            root: batchHash,
            l2BlockNumber: call?.l2BlockEnd ?? null,
            l2BlockHash: null,
            proposer: costs.submitter,
            extra: null,
          }));
          break;
        }
        case 'FinalizeBatch': {
          const { batchIndex, batchHash, stateRoot, withdrawRoot } = decoded.args;
          let popped: bigint | null = null;
          try {
            popped = tx ? readFinalizeCalldata(tx.input, log.transactionHash)?.totalL1MessagePopped ?? null : null;
          } catch {
            popped = null;
          }
          const extra = { batchHash, withdrawRoot, totalL1MessagePopped: popped?.toString() ?? null };
          const l2BlockNumber = l2Ends.get(batchIndex.toString()) ?? null;
          forget(0n, batchIndex);
          for (const [subIndex, kind] of [[0, 'ZK_PROOF'], [1, 'ZK_EXECUTE']] as const) {
            facts.stateRoots.push(Object.assign(logProvenance(chainId, log, subIndex), {
              rollupId: def.id,
              kind,
              rootIndex: batchIndex.toString(),
              parentIndex: null,
              root: stateRoot,
              l2BlockNumber,
              l2BlockHash: null,
              proposer: tx?.from.toLowerCase() ?? null,
              extra,
            }));
          }
          break;
        }
        case 'RevertBatch': {
          if (log.topics[0] === revertRangeTopic) {
            const { startBatchIndex, finishBatchIndex } = decoded.args as { startBatchIndex: bigint; finishBatchIndex: bigint };
            if (finishBatchIndex < startBatchIndex || finishBatchIndex - startBatchIndex >= MAX_REVERT_SPAN) {
              throw new ScrollDecodeError({ ...where, reason: `reverted range [${startBatchIndex}, ${finishBatchIndex}] is ${finishBatchIndex < startBatchIndex ? 'reversed' : `wider than ${MAX_REVERT_SPAN}`}` });
            }
            forget(startBatchIndex, finishBatchIndex);
            for (let n = startBatchIndex, i = 0; n <= finishBatchIndex; n++, i++) {
              facts.stateRootEvents.push(Object.assign(logProvenance(chainId, log, i), { rollupId: def.id, kind: 'ZK_COMMIT', rootIndex: n.toString(), status: 'REVERTED', extra: { startBatchIndex: startBatchIndex.toString(), finishBatchIndex: finishBatchIndex.toString() } }));
            }
          } else {
            const { batchIndex, batchHash } = decoded.args as { batchIndex: bigint; batchHash: Hex };
            forget(batchIndex, batchIndex);
            facts.stateRootEvents.push(Object.assign({}, base, { kind: 'ZK_COMMIT', rootIndex: batchIndex.toString(), status: 'REVERTED', extra: { batchHash } }));
          }
          break;
        }
        case 'UpdateEnforcedBatchMode': {
          const { enabled, lastCommittedBatchIndex } = decoded.args;
          facts.parameterChanges.push(Object.assign({}, base, { name: 'enforcedBatchMode', value: { enabled, lastCommittedBatchIndex: lastCommittedBatchIndex.toString() } }));
          break;
        }
      }
    }
  }
  if (endsChanged) await ctx.state.set(L2_ENDS_KEY, Object.fromEntries(l2Ends));
  return facts;
}
