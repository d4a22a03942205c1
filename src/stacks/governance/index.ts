/**
 * Governance, across stacks: every rollup's L1 contracts are watched for proxy upgrades, admin and
 * ownership changes, timelock operations and delays, pauses and operator-set changes
 * (governance_events). `withGovernance(stack)` adds the `governance` source to any stack.
 *
 * @example
 * const stack = withGovernance(arbitrumStack);
 * createIngest({ ..., rollups: [{ definition: arbitrumOne, stack }] });
 */
import type { RollupDefinition } from '../../rollups/types.ts';
import type { StackIndexer } from '../types.ts';
import { decodeGovernance } from './decode.ts';
import { governanceSources, isGovernanceSource } from './sources.ts';

/** The stack with the governance source added to its sources (other properties kept). */
export function withGovernance<D extends RollupDefinition, S extends StackIndexer<D>>(stack: S): S {
  return {
    ...stack,
    sources: (definition: D) => [...stack.sources(definition), ...governanceSources(definition)],
    decode: (definition: D, batch, ctx) =>
      isGovernanceSource(definition, batch.source.id) ? decodeGovernance(definition, batch, ctx) : stack.decode(definition, batch, ctx),
  };
}

export { decodeGovernance, ROLLUP_OWNER_FUNCTIONS, UPGRADE_KINDS, type GovernanceKind, type GovernanceRow } from './decode.ts';
export { governanceSources, isGovernanceSource, GOVERNANCE_SOURCE } from './sources.ts';
export { governanceSetupOf, mainnetGovernance, watchedContracts, type WatchedContract } from './contracts.ts';
export { decoders as governanceDecoders, governanceTopics, topics as governanceTopicByEvent } from './events.ts';
export * as governanceAbi from './abi.ts';
