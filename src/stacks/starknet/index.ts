/**
 * The Starknet stack. Sources: `state` (LogStateUpdate with transactions and receipts: the state
 * update tx is the batch) and `messages` (L1↔L2 messaging). No forced path.
 */
import { toEventSelector } from 'viem';
import type { StarknetRollup } from '../../rollups/types.ts';
import type { Source, StackIndexer } from '../types.ts';
import { messageEvents, stateEvents } from './abi.ts';
import { decodeStarknet } from './decode.ts';

export function starknetSources(def: StarknetRollup): Source[] {
  const { core } = def.contracts;
  const range = { fromBlock: Math.max(def.startBlock, core.fromBlock), ...(core.toBlock !== undefined ? { toBlock: core.toBlock } : {}) };
  return [
    { kind: 'logs', id: 'state', chainId: def.l1ChainId, addresses: [core.address], topics: stateEvents.map((e) => toEventSelector(e)), ...range, withTransactions: true, withReceipts: true },
    { kind: 'logs', id: 'messages', chainId: def.l1ChainId, addresses: [core.address], topics: [...new Set(messageEvents.map((e) => toEventSelector(e)))], ...range },
  ];
}

export const starknetStack: StackIndexer<StarknetRollup> = {
  stack: 'starknet',
  sources: starknetSources,
  decode: decodeStarknet,
};

export { decodeStarknet } from './decode.ts';
export { l1ToL2MessageHash, l2ToL1MessageHash } from './messages.ts';
export * as starknetAbi from './abi.ts';
