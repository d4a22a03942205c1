/**
 * Starknet mainnet. Source: shared/reference/addresses.md (core contract); deployment block
 * 13627224 (2021-11) as used by Starknet L1 synchronizers.
 */
import type { StarknetRollup } from './types.ts';

const STARKNET_CORE_DEPLOYED = 13_627_224;

export const starknet: StarknetRollup = {
  id: 'starknet',
  name: 'Starknet',
  stack: 'starknet',
  l1ChainId: 1,
  // Starknet has no EVM chain id: its chain id is the felt "SN_MAIN" (23448594291968334), too big
  // for the int32 chain-id columns. rollscope keys it by "SN_M" (its first 4 bytes, 0x534e5f4d);
  // no EVM RPC is ever read for this id.
  l2ChainId: 0x534e5f4d,
  startBlock: STARKNET_CORE_DEPLOYED,
  contracts: {
    core: { address: '0xc662c410C0ECf747543f5bA90660f6ABeBD9C8c4', fromBlock: STARKNET_CORE_DEPLOYED },
  },
  forcedPath: 'none',
};
