/**
 * Base on Ethereum mainnet (addresses and blocks: /work/shared/reference/addresses.md; Base was
 * removed from superchain-registry on 2026-04-27, values from the parent commit of 0d9aefc4).
 *
 * - Genesis: L1 block 17481768 (L1 origin of L2 block 0, l2_time 1686789347). The portal and the
 *   L1StandardBridge were created at 17482143 (viem `blockCreated`); the SystemConfig and the
 *   oracle are read from the genesis L1 block (no earlier event can matter).
 * - Two settlement eras. L2OutputOracle 0x5631…18A0 received proposeL2Output until Base's Fault
 *   Proofs upgrade; the first DisputeGameFactory.create() after it is at 2024-10-30T15:51:11Z
 *   (L2BEAT `untilTimestamp`/`sinceTimestamp` 1730303471), L1 block ≈ 21,079,470 (not in the
 *   reference; public L2BEAT discoveries put block 21,078,724 at 13:22 UTC that day). Bounds are
 *   rounded outward: the oracle is read to 21,090,000, the factory from 19,469,529 (a public
 *   indexer's start block for this factory, before any game).
 * - Batches: batcher 0x5050…76C9 → inbox 0xFf00…8453; blobs since Ecotone (2024-03-14).
 * - Derivation parameters: the Superchain mainnet ones; sequencing window 3600 L1 blocks.
 */
import { opStackChain } from './templates/opstack.ts';

const GENESIS_L1 = 17_481_768;
const DEPLOYED = 17_482_143;
/** Fault Proofs upgrade (≈ L1 21,079,470), rounded outward per era. */
const FAULT_PROOFS = { oracleUntil: 21_090_000, factoryFrom: 19_469_529 } as const;

export const base = opStackChain({
  id: 'base',
  name: 'Base',
  l1ChainId: 1,
  l2ChainId: 8453,
  contracts: {
    optimismPortal: { address: '0x49048044D57e1C92A77f79988d21Fa8fAF74E97e', fromBlock: DEPLOYED },
    systemConfig: { address: '0x73a79Fab69143498Ed3712e519A88a918e1f4072', fromBlock: GENESIS_L1 },
    l1StandardBridge: { address: '0x3154Cf16ccdb4C6d922629664174b904d80F2C35', fromBlock: DEPLOYED },
    l2OutputOracle: { address: '0x56315b90c40730925ec5485cf004d835058518A0', fromBlock: GENESIS_L1, toBlock: FAULT_PROOFS.oracleUntil },
    disputeGameFactory: { address: '0x43edB88C4B80fDD2AdFF2412A7BebF9dF42cB40e', fromBlock: FAULT_PROOFS.factoryFrom },
  },
  batchInbox: '0xFf00000000000000000000000000000000008453',
  initialBatcher: '0x5050F69a9786F081509234F1a7F4684b5E5b76C9',
  genesis: { l1Block: GENESIS_L1, l2Block: 0, l2Time: 1_686_789_347, blockTime: 2 },
  sequencingWindowBlocks: 3600,
  startBlock: GENESIS_L1,
});
