/**
 * Arbitrum One on Ethereum mainnet (addresses and blocks: /work/shared/reference/addresses.md).
 *
 * - Everything Nitro starts at L1 block 15411056 (nitro arbitrum_chain_info `deployed-at`); the
 *   Inbox address is older (Classic) but only its Nitro-era messages are read.
 * - Rollup generations: the legacy Rollup 0x5eF0…Ba35 emitted NodeCreated/NodeConfirmed until the
 *   BoLD upgrade (tx 0xe9788a10…987967e, 2025-02-12T14:00:11Z); the BoLD Rollup 0x4DCe…Cfc0 emits
 *   AssertionCreated/AssertionConfirmed since. The upgrade's exact L1 block is not in the
 *   reference, only the L2BEAT diff window around it (21815910 … 21887612): the legacy contracts
 *   are read up to the window's end and the BoLD ones from its start. The overlap is harmless
 *   (different addresses; the legacy rollup emits nothing after the upgrade).
 * - l2GenesisBlock 22207817: the Nitro genesis, L2 block of delayed/sequencer message 0.
 */
import { orbitChain } from './templates/orbit.ts';

const NITRO = 15_411_056;
/** L2BEAT discovery window holding the BoLD upgrade transaction. */
const BOLD_WINDOW = { from: 21_815_910, to: 21_887_612 } as const;

export const arbitrumOne = orbitChain({
  id: 'arbitrum-one',
  name: 'Arbitrum One',
  l1ChainId: 1,
  l2ChainId: 42161,
  dataAvailability: 'rollup',
  l2GenesisBlock: 22_207_817,
  contracts: {
    sequencerInbox: { address: '0x1c479675ad559DC151F6Ec7ed3FbF8ceE79582B6', fromBlock: NITRO },
    bridge: { address: '0x8315177aB297bA92A06054cE80a67Ed4DBd7ed3a', fromBlock: NITRO },
    inbox: { address: '0x4Dbd4fc535Ac27206064B68FfCf827b0A60BAB3f', fromBlock: NITRO },
    outbox: { address: '0x0B9857ae2D4A3DBe74ffE1d7DF045bb7F96E4840', fromBlock: NITRO },
    legacyRollup: { address: '0x5eF0D09d1E6204141B4d37530808eD19f60FBa35', fromBlock: NITRO, toBlock: BOLD_WINDOW.to },
    legacyChallengeManager: { address: '0xe5896783a2F463446E1f624e64Aa6836BE4C6f58', fromBlock: NITRO, toBlock: BOLD_WINDOW.to },
    boldRollup: { address: '0x4DCeB440657f21083db8aDd07665f8ddBe1DCfc0', fromBlock: BOLD_WINDOW.from },
    edgeChallengeManager: { address: '0xA5565d266c3c3Ee90B16Be8A5b13d587ef559fB0', fromBlock: BOLD_WINDOW.from },
  },
});
