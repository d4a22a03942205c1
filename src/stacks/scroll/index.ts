/**
 * The Scroll stack. Sources: `chain` (ScrollChain commits/finalizations/reverts/enforced mode,
 * with transactions and receipts: the commit tx is the batch, its calldata holds L2 ranges;
 * sequential, see decode.ts) and
 * `message-queue` (QueueTransaction of the L1 message queues V1 and V2, the forced path).
 */
import { toEventSelector } from 'viem';
import type { ScrollRollup, TrackedContract } from '../../rollups/types.ts';
import type { Source, StackIndexer } from '../types.ts';
import { chainEvents, queueEvents } from './abi.ts';
import { decodeScroll } from './decode.ts';

function span(def: ScrollRollup, contracts: TrackedContract[]) {
  const from = Math.max(def.startBlock, Math.min(...contracts.map((c) => c.fromBlock)));
  const ends = contracts.map((c) => c.toBlock);
  return ends.every((e) => e !== undefined) ? { fromBlock: from, toBlock: Math.max(...(ends as number[])) } : { fromBlock: from };
}

export function scrollSources(def: ScrollRollup): Source[] {
  const { scrollChain, l1MessageQueueV1, l1MessageQueueV2 } = def.contracts;
  const queues = l1MessageQueueV2 ? [l1MessageQueueV1, l1MessageQueueV2] : [l1MessageQueueV1];
  return [
    {
      kind: 'logs', id: 'chain', chainId: def.l1ChainId, addresses: [scrollChain.address],
      topics: chainEvents.map((e) => toEventSelector(e)), ...span(def, [scrollChain]), withTransactions: true, withReceipts: true,
      // In block order: finalizations read the L2 ends their commits left in the decoder state.
      sequential: true,
    },
    {
      kind: 'logs', id: 'message-queue', chainId: def.l1ChainId, addresses: queues.map((q) => q.address),
      topics: queueEvents.map((e) => toEventSelector(e)), ...span(def, queues),
    },
  ];
}

export const scrollStack: StackIndexer<ScrollRollup> = {
  stack: 'scroll',
  sources: scrollSources,
  decode: decodeScroll,
};

export { decodeScroll, ScrollDecodeError } from './decode.ts';
export { readCommitCalldata, readFinalizeCalldata, parseChunkBlocks, parseLegacyBatchHeader } from './calldata.ts';
export { l1MessageTxHash } from './l1Message.ts';
export * as scrollAbi from './abi.ts';
