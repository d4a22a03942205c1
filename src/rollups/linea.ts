/**
 * Linea mainnet (L2 chain id 59144). Source: shared/reference/addresses.md (LineaRollup = the L1
 * message service, Consensys linea-monorepo mainnet address book).
 */
import type { LineaRollup } from './types.ts';

/**
 * L1 block 17_600_000 (2023-07-01) lies before the LineaRollup proxy's first implementation
 * (2023-07-12, L2BEAT $pastUpgrades); DataSubmittedV3/DataFinalizedV3 only appear from the V6
 * upgrade on, MessageSent/RollingHashUpdated from launch.
 */
const LINEA_FROM_BLOCK = 17_600_000;

export const linea: LineaRollup = {
  id: 'linea',
  name: 'Linea',
  stack: 'linea',
  l1ChainId: 1,
  l2ChainId: 59144,
  startBlock: LINEA_FROM_BLOCK,
  contracts: {
    lineaRollup: { address: '0xd19d4B5d358258f05D7B411E21A1460D11B0876F', fromBlock: LINEA_FROM_BLOCK },
  },
  forcedPath: 'none',
};
