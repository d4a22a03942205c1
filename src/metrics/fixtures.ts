/** Rollup definitions and fact builders shared by the metrics and API tests (test-only). */
import type { ArbitrumRollup, OpStackRollup } from '../rollups/types.ts';
import type { BatchFact, L1Ref, RootFact } from './finality.ts';

export const arbitrumDefinition = (id = 'arb-test'): ArbitrumRollup => ({
  id,
  name: `Arbitrum ${id}`,
  stack: 'arbitrum',
  l1ChainId: 31_337,
  l2ChainId: 412_346,
  startBlock: 1,
  dataAvailability: 'rollup',
  l2GenesisBlock: 0,
  contracts: {
    sequencerInbox: { address: '0x1c479675ad559DC151F6Ec7ed3FbF8ceE79582B6', fromBlock: 0 },
    bridge: { address: '0x8315177aB297bA92A06054cE80a67Ed4DBd7ed3a', fromBlock: 0 },
    inbox: { address: '0x4Dbd4fc535Ac27206064B68FfCf827b0A60BAB3f', fromBlock: 0 },
    outbox: { address: '0x0B9857ae2D4A3DBe74ffE1d7DF045bb7F96E4840', fromBlock: 0 },
    boldRollup: { address: '0x4DCeB440657f21083db8aDd07665f8ddBe1DCfc0', fromBlock: 0 },
  },
});

export const opDefinition = (id = 'op-test', faultProofs = true): OpStackRollup => ({
  id,
  name: `OP ${id}`,
  stack: 'opstack',
  l1ChainId: 31_337,
  l2ChainId: 901,
  startBlock: 1,
  contracts: {
    optimismPortal: { address: '0xbEb5Fc579115071764c7423A4f12eDde41f106Ed', fromBlock: 0 },
    systemConfig: { address: '0x229047fed2591dbec1eF1118d64F7aF3dB9EB290', fromBlock: 0 },
    ...(faultProofs
      ? { disputeGameFactory: { address: '0xe5965Ab5962eDc7477C8520243A95517CD252fA9', fromBlock: 0 } }
      : { l2OutputOracle: { address: '0xdfe97868233d1aa22e815a266982f2cf17685a27', fromBlock: 0 } }),
  },
  batchInbox: '0xFF00000000000000000000000000000000000010',
  initialBatcher: '0x6887246668a3b87F54DeB3b94Ba47a6f63F32985',
  genesis: { l1Block: 1, l2Block: 0, l2Time: 1_700_000_000, blockTime: 2 },
  sequencingWindowBlocks: 3_600,
});

export function ref(blockNumber: number, time: number, txIndex = 0, logIndex = 0, chainId = 31_337): L1Ref {
  return {
    chainId,
    blockNumber,
    blockHash: `0x${blockNumber.toString(16).padStart(64, '0')}`,
    txHash: `0x${(blockNumber * 1_000 + txIndex).toString(16).padStart(64, 'f')}`,
    txIndex,
    logIndex,
    subIndex: 0,
    time,
  };
}

export function batchFact(blockNumber: number, time: number, l2: [number, number], l2Times: [number, number], finalizedAt: number | null = null): BatchFact {
  return { ref: ref(blockNumber, time), l2BlockStart: l2[0], l2BlockEnd: l2[1], l2TimeStart: l2Times[0], l2TimeEnd: l2Times[1], l1FinalizedAt: finalizedAt, l1FinalizedEstimated: false };
}

export function rootFact(partial: Partial<RootFact> & Pick<RootFact, 'kind' | 'rootIndex' | 'l2BlockNumber' | 'ref' | 'mode'>): RootFact {
  return { events: [], challenges: [], ...partial };
}
