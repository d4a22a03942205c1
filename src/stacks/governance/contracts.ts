/**
 * The L1 contracts whose governance events matter for a rollup: every contract of its definition
 * (proxies of bridges, portals, inboxes, rollup/state contracts, factories) plus the contracts that
 * govern them (proxy admins, upgrade executors, timelocks, pausers) from `definition.governance`,
 * merged over the verified mainnet defaults below.
 *
 * Mainnet defaults (shared/reference/addresses.md unless said otherwise):
 * - arbitrum-one: UpgradeExecutor 0x3ffF…3CeDd and ProxyAdmin 0x5547…822dbD (L2BEAT). The Security
 *   Council holds the UpgradeExecutor's executor role and can upgrade without delay (Arbitrum
 *   constitution / L2BEAT), hence `instantUpgradePath`. The L1 timelock is not in the reference.
 * - op-mainnet: ProxyAdmin 0x543b…6fB04 and SuperchainConfig 0x9570…f04a4C (superchain-registry); the
 *   ProxyAdmin owner is a multisig without timelock: upgrade delay 0.
 */
import type { Address, GovernanceSetup, RollupDefinition, TrackedContract } from '../../rollups/types.ts';

export interface WatchedContract extends TrackedContract {
  /** Lowercase address. */
  address: Address;
  /** Definition key (`sequencerInbox`, `optimismPortal`) or governance role (`timelock`, `superchainConfig`). */
  role: string;
}

const ARBITRUM_NITRO = 15_411_056;
const OP_BEDROCK = 17_422_590;

export const mainnetGovernance: Record<string, GovernanceSetup> = {
  'arbitrum-one': {
    contracts: {
      upgradeExecutor: { address: '0x3ffFbAdAF827559da092217e474760E2b2c3CeDd', fromBlock: ARBITRUM_NITRO },
      proxyAdmin: { address: '0x554723262467F125Ac9e1cDFa9Ce15cc53822dbD', fromBlock: ARBITRUM_NITRO },
    },
    instantUpgradePath: true,
  },
  'op-mainnet': {
    contracts: {
      proxyAdmin: { address: '0x543bA4AADBAb8f9025686Bd03993043599c6fB04', fromBlock: OP_BEDROCK },
      superchainConfig: { address: '0x95703e0982140D16f8ebA6d158FccEde42f04a4C', fromBlock: OP_BEDROCK },
    },
    upgradeDelaySeconds: 0,
  },
};

/** The definition's governance setup over the mainnet default of its id (mainnet L1 only). */
export function governanceSetupOf(definition: RollupDefinition): GovernanceSetup {
  const known = definition.l1ChainId === 1 ? mainnetGovernance[definition.id] : undefined;
  const own = definition.governance;
  return {
    ...known,
    ...own,
    contracts: { ...known?.contracts, ...own?.contracts },
  };
}

/**
 * Every watched contract, once per address (the first role wins: definition contracts before
 * governance ones), with the union of its block ranges.
 */
export function watchedContracts(definition: RollupDefinition): WatchedContract[] {
  const byAddress = new Map<string, WatchedContract>();
  const add = (role: string, c: TrackedContract | undefined) => {
    if (!c) return;
    const address = c.address.toLowerCase() as Address;
    const prev = byAddress.get(address);
    if (!prev) {
      byAddress.set(address, { address, role, fromBlock: c.fromBlock, ...(c.toBlock !== undefined ? { toBlock: c.toBlock } : {}) });
      return;
    }
    prev.fromBlock = Math.min(prev.fromBlock, c.fromBlock);
    if (prev.toBlock !== undefined) {
      if (c.toBlock === undefined) delete prev.toBlock;
      else prev.toBlock = Math.max(prev.toBlock, c.toBlock);
    }
  };
  for (const [role, c] of Object.entries(definition.contracts as Record<string, TrackedContract | undefined>)) add(role, c);
  for (const [role, c] of Object.entries(governanceSetupOf(definition).contracts ?? {})) add(role, c);
  return [...byAddress.values()];
}

/** Role of a watched address (lowercase), or `unknown`. */
export function roleOf(contracts: readonly WatchedContract[], address: string): string {
  const a = address.toLowerCase();
  return contracts.find((c) => c.address === a)?.role ?? 'unknown';
}
