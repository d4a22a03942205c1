/**
 * Every stack, by name, each wrapped with the cross-stack governance source (src/stacks/governance).
 * Adding a stack is one folder plus one line here.
 *
 * The OP Stack entry reads batcher changes from the definition's initialBatcher only; a process
 * with a database builds its own: `withGovernance(createOpStack({ batchers: batcherHistoryFromDb({ db }) }))`.
 */
import type { RollupDefinition, Stack } from '../rollups/types.ts';
import type { StackIndexer } from './types.ts';
import { arbitrumStack } from './arbitrum/index.ts';
import { opStack } from './opstack/index.ts';
import { zkSyncStack } from './zksync/index.ts';
import { scrollStack } from './scroll/index.ts';
import { lineaStack } from './linea/index.ts';
import { starknetStack } from './starknet/index.ts';
import { withGovernance } from './governance/index.ts';

type StackOf<S extends Stack> = StackIndexer<Extract<RollupDefinition, { stack: S }>>;

export const stacks: { [S in Stack]: StackOf<S> } = {
  arbitrum: withGovernance(arbitrumStack),
  opstack: withGovernance(opStack),
  zksync: withGovernance(zkSyncStack),
  scroll: withGovernance(scrollStack),
  linea: withGovernance(lineaStack),
  starknet: withGovernance(starknetStack),
};

/** The (governance-wrapped) stack of a definition. */
export function stackOf<D extends RollupDefinition>(definition: D): StackIndexer<D> {
  return stacks[definition.stack] as unknown as StackIndexer<D>;
}

export { withGovernance } from './governance/index.ts';
