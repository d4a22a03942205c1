/**
 * zkSync Era mainnet (L2 chain id 324). Sources: shared/reference/addresses.md.
 * The diamond proxy emits every fact (commits, proofs, executions, reverts, priority queue); the
 * commit/prove/execute transactions go to a ValidatorTimelock that calls it.
 */
import type { ZkSyncRollup } from './types.ts';

/**
 * L1 block 16_600_000 (2023-02-10) lies before the diamond's deployment (L2BEAT escrow
 * sinceTimestamp 1676268575 = 2023-02-13T06:09:35Z); nothing is emitted before it, so starting a
 * few thousand blocks early loses nothing and needs no exact deploy block.
 */
const DIAMOND_FROM_BLOCK = 16_600_000;

export const zkSyncEra: ZkSyncRollup = {
  id: 'zksync-era',
  name: 'zkSync Era',
  stack: 'zksync',
  l1ChainId: 1,
  l2ChainId: 324,
  startBlock: DIAMOND_FROM_BLOCK,
  contracts: {
    diamondProxy: { address: '0x32400084C286CF3E17e7B677ea9583e60a000324', fromBlock: DIAMOND_FROM_BLOCK },
  },
  forcedPath: 'priority-queue',
};
