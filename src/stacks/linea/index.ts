/**
 * The Linea stack. Sources: `rollup` (DataSubmittedV3/DataFinalizedV3, with transactions and
 * receipts: the submission tx is the batch) and `messages` (MessageSent, RollingHashUpdated,
 * MessageClaimed). No forced path.
 */
import { toEventSelector } from 'viem';
import type { LineaRollup } from '../../rollups/types.ts';
import type { Source, StackIndexer } from '../types.ts';
import { messageEvents, rollupEvents } from './abi.ts';
import { decodeLinea } from './decode.ts';

export function lineaSources(def: LineaRollup): Source[] {
  const { lineaRollup } = def.contracts;
  const range = { fromBlock: Math.max(def.startBlock, lineaRollup.fromBlock), ...(lineaRollup.toBlock !== undefined ? { toBlock: lineaRollup.toBlock } : {}) };
  return [
    { kind: 'logs', id: 'rollup', chainId: def.l1ChainId, addresses: [lineaRollup.address], topics: rollupEvents.map((e) => toEventSelector(e)), ...range, withTransactions: true, withReceipts: true },
    { kind: 'logs', id: 'messages', chainId: def.l1ChainId, addresses: [lineaRollup.address], topics: messageEvents.map((e) => toEventSelector(e)), ...range },
  ];
}

export const lineaStack: StackIndexer<LineaRollup> = {
  stack: 'linea',
  sources: lineaSources,
  decode: decodeLinea,
};

export { decodeLinea, BATCH_NUMBER_BLOCK_FACTOR } from './decode.ts';
export * as lineaAbi from './abi.ts';
