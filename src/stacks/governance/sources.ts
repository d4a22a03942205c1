/**
 * What to read for governance: one log source per rollup, `governance`, over every watched contract
 * (definition contracts + governance contracts) × every governance topic0, with transactions (the
 * `actor` of each change). Contracts are bounded by their ranges at decode time.
 */
import type { RollupDefinition } from '../../rollups/types.ts';
import type { LogSource } from '../types.ts';
import { watchedContracts } from './contracts.ts';
import { governanceTopics } from './events.ts';

/** Source id; unique among every stack's source names. */
export const GOVERNANCE_SOURCE = 'governance';

/** True when `id` (bare or `<rollupId>:`-prefixed) is the governance source of this rollup. */
export function isGovernanceSource(definition: RollupDefinition, id: string): boolean {
  return id === GOVERNANCE_SOURCE || id === `${definition.id}:${GOVERNANCE_SOURCE}`;
}

export function governanceSources(definition: RollupDefinition): LogSource[] {
  const contracts = watchedContracts(definition);
  if (contracts.length === 0) return [];
  const ends = contracts.map((c) => c.toBlock);
  return [{
    kind: 'logs',
    id: GOVERNANCE_SOURCE,
    chainId: definition.l1ChainId,
    addresses: contracts.map((c) => c.address),
    topics: governanceTopics,
    fromBlock: Math.min(...contracts.map((c) => c.fromBlock)),
    ...(ends.every((e): e is number => e !== undefined) ? { toBlock: Math.max(...ends) } : {}),
    withTransactions: true,
  }];
}
