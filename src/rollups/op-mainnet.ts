/**
 * OP Mainnet on Ethereum mainnet (addresses and blocks: /work/shared/reference/addresses.md,
 * superchain-registry `configs/mainnet/op.toml`).
 *
 * - Bedrock genesis: L1 block 17422590 (L1 origin of L2 block 105235063, l2_time 1686068903);
 *   everything is read from there (the proxies are older, but pre-Bedrock events are not ours).
 * - Two settlement eras. L2OutputOracle 0xdfe9…5a27 received proposeL2Output until the Fault Proofs
 *   upgrade (Protocol Upgrade #7); the first DisputeGameFactory.create() after it is tx
 *   0x720954e5…4c014 at 2024-06-10T17:09:23Z (L2BEAT `untilTimestamp`/`sinceTimestamp` 1718039363),
 *   L1 block ≈ 20,062,800 (the exact number is not in the reference; public L2BEAT discoveries put
 *   block 20,061,082 at 11:17 UTC and 20,063,194 at 18:24 UTC that day). The bounds are rounded
 *   outward so neither era loses an event: the oracle is read to 20,070,000 (it emitted nothing after
 *   the switch), the factory from 19,469,529 (a public indexer's start block for this factory,
 *   before its deployment and first game).
 * - Batches: batcher 0x6887…2985 (SystemConfig batcherHash since Bedrock) → inbox 0xFF00…0010;
 *   calldata until Ecotone (2024-03-14), blobs since.
 * - Derivation parameters: the Superchain mainnet ones (channel_timeout 300, fork times in
 *   derivation/params.ts), sequencing window 3600 L1 blocks.
 */
import { opStackChain } from './templates/opstack.ts';

const BEDROCK_L1 = 17_422_590;
/** Fault Proofs upgrade (≈ L1 20,062,800), rounded outward per era. */
const FAULT_PROOFS = { oracleUntil: 20_070_000, factoryFrom: 19_469_529 } as const;

export const opMainnet = opStackChain({
  id: 'op-mainnet',
  name: 'OP Mainnet',
  l1ChainId: 1,
  l2ChainId: 10,
  contracts: {
    optimismPortal: { address: '0xbEb5Fc579115071764c7423A4f12eDde41f106Ed', fromBlock: BEDROCK_L1 },
    systemConfig: { address: '0x229047fed2591dbec1eF1118d64F7aF3dB9EB290', fromBlock: BEDROCK_L1 },
    l1StandardBridge: { address: '0x99C9fc46f92E8a1c0deC1b1747d010903E884bE1', fromBlock: BEDROCK_L1 },
    l2OutputOracle: { address: '0xdfe97868233d1aa22e815a266982f2cf17685a27', fromBlock: BEDROCK_L1, toBlock: FAULT_PROOFS.oracleUntil },
    disputeGameFactory: { address: '0xe5965Ab5962eDc7477C8520243A95517CD252fA9', fromBlock: FAULT_PROOFS.factoryFrom },
  },
  batchInbox: '0xFF00000000000000000000000000000000000010',
  initialBatcher: '0x6887246668a3b87F54DeB3b94Ba47a6f63F32985',
  genesis: { l1Block: BEDROCK_L1, l2Block: 105_235_063, l2Time: 1_686_068_903, blockTime: 2 },
  sequencingWindowBlocks: 3600,
  startBlock: BEDROCK_L1,
});
