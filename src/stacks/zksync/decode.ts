/**
 * zkSync Era diamond logs → facts.
 *
 * - BlockCommit(n, batchHash, commitment): state_roots ZK_COMMIT (rootIndex n, root = batchHash,
 *   which is the batch's new state root) and the sequencer_batches row of batch n (the commit tx is
 *   the batch: costs split over the BlockCommit logs of the tx).
 * - BlocksVerification(prev, cur): one state_roots ZK_PROOF row per batch prev+1..cur (subIndex i);
 *   the event names no root, so `root` is the zero word — the batch's root is on its ZK_COMMIT row.
 * - BlockExecution(n, batchHash, commitment): state_roots ZK_EXECUTE (root = batchHash), with
 *   extra.priorityTxsProcessed = getFirstUnprocessedPriorityTx() at the end of that L1 block.
 * - BlocksRevert(c, v, e): state_root_events REVERTED, kind ZK_COMMIT for every batch in
 *   (c, committed-before], and kind ZK_PROOF for every batch in (v, verified-before]; "before"
 *   is read from the getters at the previous block and from the logs earlier in the same block.
 * - NewPriorityRequest: forced_messages PRIORITY_TX, queueIndex = txId, deadline =
 *   expirationTimestamp, messageHash = the L2 tx hash. Mainnet Era has PRIORITY_EXPIRATION = 0
 *   ("Alpha release period": expirationTimestamp = block.timestamp) and no way for a user to force
 *   a priority tx: a zero window means no force path, so deadline and window are null then
 *   (extra.expirationTimestamp keeps the value); a positive window is taken as the deadline.
 * Batch rows carry the L2 block range when the L2 RPC is configured (zks_getL1BatchBlockRange).
 */
import type { Address, ZkSyncRollup } from '../../rollups/types.ts';
import { emptyFacts, type DecodeContext, type Facts, type SourceBatch } from '../types.ts';
import { commitCosts } from '../zk-common/commitTx.ts';
import { decodeLog, eventDecoder, groupByTransaction, logProvenance, toSafeNumber, word } from '../zk-common/facts.ts';
import { batchEvents, gettersAbi, priorityEvents, blockCommit, blocksVerification, blockExecution, blocksRevert, newPriorityRequest } from './abi.ts';
import { l2RangeReader } from './l2.ts';
import { toEventSelector } from 'viem';

export const ZERO_ROOT = word(0n);
/** A BlocksVerification / BlocksRevert spanning more batches than this is refused as malformed. */
export const MAX_BATCH_SPAN = 100_000n;

const decoder = eventDecoder([...batchEvents, ...priorityEvents]);
const topic = {
  commit: toEventSelector(blockCommit),
  verification: toEventSelector(blocksVerification),
  execution: toEventSelector(blockExecution),
  revert: toEventSelector(blocksRevert),
  priority: toEventSelector(newPriorityRequest),
};

export class ZkSyncDecodeError extends Error {
  override readonly name = 'ZkSyncDecodeError';
  constructor(readonly details: { rollupId: string; event: string; blockNumber: number; txHash: string; logIndex: number; reason: string }) {
    super(`${details.rollupId}: cannot decode ${details.event} (block ${details.blockNumber}, tx ${details.txHash}, log ${details.logIndex}): ${details.reason}`);
  }
}

export async function decodeZkSync(def: ZkSyncRollup, batch: SourceBatch, ctx: DecodeContext): Promise<Facts> {
  const facts = emptyFacts();
  const chainId = batch.source.chainId;
  const diamond = def.contracts.diamondProxy.address.toLowerCase() as Address;
  const l2Range = l2RangeReader(ctx);
  const logs = batch.logs.filter((l) => l.address.toLowerCase() === diamond);
  const byTx = groupByTransaction(logs);
  /** Block-end getter values, one eth_call per (getter, block). */
  const getterCache = new Map<string, Promise<bigint>>();
  const getter = (functionName: (typeof gettersAbi)[number]['name'], blockNumber: number) => {
    const key = `${functionName}@${blockNumber}`;
    let p = getterCache.get(key);
    if (!p) {
      p = ctx.readContract<bigint>({ address: def.contracts.diamondProxy.address, abi: gettersAbi, functionName, blockNumber });
      getterCache.set(key, p);
    }
    return p;
  };

  for (const [, txLogs] of byTx) {
    const commitsInTx = txLogs.filter((l) => l.topics[0] === topic.commit);
    for (const log of txLogs) {
      const decoded = decodeLog(decoder, log);
      if (!decoded) continue;
      const where = { rollupId: def.id, event: decoded.eventName, blockNumber: log.blockNumber, txHash: log.transactionHash, logIndex: log.logIndex };
      const tx = batch.transactions.get(log.transactionHash);
      const sender = tx?.from.toLowerCase() ?? null;
      switch (decoded.eventName) {
        case 'BlockCommit': {
          const { batchNumber, batchHash, commitment } = decoded.args;
          const range = l2Range ? await l2Range(batchNumber) : null;
          const { tx: txTotals, ...costs } = commitCosts(tx, { index: commitsInTx.indexOf(log), count: commitsInTx.length }, where);
          const base = Object.assign(logProvenance(chainId, log), { rollupId: def.id });
          facts.sequencerBatches.push(Object.assign({}, base, {
            batchNumber: batchNumber.toString(),
            ...costs,
            l2BlockStart: range?.start ?? null,
            l2BlockEnd: range?.end ?? null,
            l2TimeStart: range?.startTime ?? null,
            l2TimeEnd: range?.endTime ?? null,
            delayedMessagesRead: null,
            forced: false,
            extra: { batchHash, commitment, tx: txTotals },
          }));
          facts.stateRoots.push(Object.assign({}, base, {
            kind: 'ZK_COMMIT',
            rootIndex: batchNumber.toString(),
            parentIndex: batchNumber > 0n ? (batchNumber - 1n).toString() : null,
            root: batchHash,
            l2BlockNumber: range?.end ?? null,
            l2BlockHash: null,
            proposer: sender,
            extra: { commitment },
          }));
          break;
        }
        case 'BlocksVerification': {
          const { previousLastVerifiedBatch: prev, currentLastVerifiedBatch: cur } = decoded.args;
          if (cur < prev || cur - prev > MAX_BATCH_SPAN) {
            throw new ZkSyncDecodeError({ ...where, reason: `verified batch range (${prev}, ${cur}] is ${cur < prev ? 'reversed' : `wider than ${MAX_BATCH_SPAN} batches`}` });
          }
          for (let n = prev + 1n, i = 0; n <= cur; n++, i++) {
            const range = l2Range ? await l2Range(n) : null;
            facts.stateRoots.push(Object.assign(logProvenance(chainId, log, i), {
              rollupId: def.id,
              kind: 'ZK_PROOF',
              rootIndex: n.toString(),
              parentIndex: null,
              root: ZERO_ROOT,
              l2BlockNumber: range?.end ?? null,
              l2BlockHash: null,
              proposer: sender,
              extra: { previousLastVerifiedBatch: prev.toString(), currentLastVerifiedBatch: cur.toString() },
            }));
          }
          break;
        }
        case 'BlockExecution': {
          const { batchNumber, batchHash, commitment } = decoded.args;
          const range = l2Range ? await l2Range(batchNumber) : null;
          const processed = await getter('getFirstUnprocessedPriorityTx', log.blockNumber);
          facts.stateRoots.push(Object.assign(logProvenance(chainId, log), {
            rollupId: def.id,
            kind: 'ZK_EXECUTE',
            rootIndex: batchNumber.toString(),
            parentIndex: null,
            root: batchHash,
            l2BlockNumber: range?.end ?? null,
            l2BlockHash: null,
            proposer: sender,
            extra: { commitment, priorityTxsProcessed: processed.toString() },
          }));
          break;
        }
        case 'BlocksRevert': {
          const { totalBatchesCommitted, totalBatchesVerified, totalBatchesExecuted } = decoded.args;
          const earlier = logs.filter((l) => l.blockNumber === log.blockNumber && l.logIndex < log.logIndex);
          const committedBefore = max(
            log.blockNumber > 0 ? await getter('getTotalBatchesCommitted', log.blockNumber - 1) : 0n,
            ...earlier.filter((l) => l.topics[0] === topic.commit).map((l) => BigInt(l.topics[1]!)),
          );
          const verifiedBefore = max(
            log.blockNumber > 0 ? await getter('getTotalBatchesVerified', log.blockNumber - 1) : 0n,
            ...earlier.filter((l) => l.topics[0] === topic.verification).map((l) => BigInt(l.topics[2]!)),
          );
          if (committedBefore - totalBatchesCommitted > MAX_BATCH_SPAN) {
            throw new ZkSyncDecodeError({ ...where, reason: `revert of batches (${totalBatchesCommitted}, ${committedBefore}] wider than ${MAX_BATCH_SPAN}` });
          }
          const extra = {
            totalBatchesCommitted: totalBatchesCommitted.toString(),
            totalBatchesVerified: totalBatchesVerified.toString(),
            totalBatchesExecuted: totalBatchesExecuted.toString(),
          };
          let i = 0;
          for (let n = totalBatchesCommitted + 1n; n <= committedBefore; n++) {
            facts.stateRootEvents.push(Object.assign(logProvenance(chainId, log, i++), { rollupId: def.id, kind: 'ZK_COMMIT', rootIndex: n.toString(), status: 'REVERTED', extra }));
          }
          for (let n = totalBatchesVerified + 1n; n <= verifiedBefore; n++) {
            facts.stateRootEvents.push(Object.assign(logProvenance(chainId, log, i++), { rollupId: def.id, kind: 'ZK_PROOF', rootIndex: n.toString(), status: 'REVERTED', extra }));
          }
          break;
        }
        case 'NewPriorityRequest': {
          const { txId, txHash, expirationTimestamp, transaction } = decoded.args;
          const expiration = toSafeNumber(expirationTimestamp, 'expirationTimestamp');
          const deadline = expiration > log.blockTime ? expiration : null;
          facts.forcedMessages.push(Object.assign(logProvenance(chainId, log), {
            rollupId: def.id,
            queueIndex: txId.toString(),
            kind: 'PRIORITY_TX',
            sender: uintToAddress(transaction.from),
            deadline,
            windowSeconds: deadline === null ? null : deadline - log.blockTime,
            windowBlocks: null,
            messageHash: txHash,
            extra: {
              expirationTimestamp: expiration,
              to: uintToAddress(transaction.to),
              txType: transaction.txType.toString(),
              gasLimit: transaction.gasLimit.toString(),
              gasPerPubdataByteLimit: transaction.gasPerPubdataByteLimit.toString(),
              maxFeePerGas: transaction.maxFeePerGas.toString(),
              l2Value: transaction.value.toString(),
              mintValue: transaction.reserved[0].toString(),
              refundRecipient: uintToAddress(transaction.reserved[1]),
            },
          }));
          break;
        }
      }
    }
  }
  return facts;
}

function max(first: bigint, ...rest: bigint[]): bigint {
  return rest.reduce((a, b) => (b > a ? b : a), first);
}

/** The address held in the low 160 bits of a uint256 (zkSync L2CanonicalTransaction.from/to). */
export function uintToAddress(value: bigint): Address {
  return `0x${(value & ((1n << 160n) - 1n)).toString(16).padStart(40, '0')}`;
}
