/**
 * The zkSync Era stack (ZK Stack chains settling on L1 through their diamond proxy).
 * Sources: `batches` (commit/verify/execute/revert logs, with the transactions and receipts the
 * commit rows need) and `priority-queue` (NewPriorityRequest, the forced path).
 */
import { toEventSelector } from 'viem';
import type { ZkSyncRollup } from '../../rollups/types.ts';
import type { Source, StackIndexer } from '../types.ts';
import { batchEvents, priorityEvents } from './abi.ts';
import { decodeZkSync } from './decode.ts';

export function zkSyncSources(def: ZkSyncRollup): Source[] {
  const { diamondProxy } = def.contracts;
  const range = { fromBlock: Math.max(def.startBlock, diamondProxy.fromBlock), ...(diamondProxy.toBlock !== undefined ? { toBlock: diamondProxy.toBlock } : {}) };
  return [
    {
      kind: 'logs', id: 'batches', chainId: def.l1ChainId, addresses: [diamondProxy.address],
      topics: batchEvents.map((e) => toEventSelector(e)), ...range, withTransactions: true, withReceipts: true,
    },
    { kind: 'logs', id: 'priority-queue', chainId: def.l1ChainId, addresses: [diamondProxy.address], topics: priorityEvents.map((e) => toEventSelector(e)), ...range },
  ];
}

export const zkSyncStack: StackIndexer<ZkSyncRollup> = {
  stack: 'zksync',
  sources: zkSyncSources,
  decode: decodeZkSync,
};

export { decodeZkSync, ZERO_ROOT, ZkSyncDecodeError, uintToAddress } from './decode.ts';
export * as zkSyncAbi from './abi.ts';
