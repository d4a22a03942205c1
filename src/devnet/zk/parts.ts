/**
 * The ZK scenarios as entries of the shared scenario registry (src/devnet/scenarios/index.ts), so
 * `rollscope devnet --scenario zk-steady` runs them like any other scenario. Each has one part
 * (stack `zk`) that deploys the four ZK worlds (zkSync, Scroll, Linea, Starknet) on the context's
 * L1 and drives them with `zkScenarios` (scenarios.ts), recording the ground truth.
 */
import type { ScenarioDefinition, ScenarioPart } from '../scenarios/types.ts';
import { zkScenarios } from './scenarios.ts';

export const zkScenarioNames = ['zk-steady', 'zk-outage', 'zk-reverted-batch', 'zk-delayed-priority-queue'] as const;
export type ZkScenarioName = (typeof zkScenarioNames)[number];

const descriptions: Record<ZkScenarioName, string> = {
  'zk-steady': 'ZK stacks (zkSync, Scroll, Linea, Starknet): commits, proofs, executions/finalizations, priority requests, L1 messages, bridge messages.',
  'zk-outage': 'ZK stacks: a round of normal operation, six hours with no batch and no proof, then recovery.',
  'zk-reverted-batch': 'ZK stacks: zkSync commits (one proven) reverted and recommitted; Scroll reverts with both RevertBatch overloads.',
  'zk-delayed-priority-queue': 'ZK stacks: zkSync priority requests processed after their expiration; Scroll messages ignored past maxDelayMessageQueue, then enforced mode and a forced commit.',
};

function zkPart(name: ZkScenarioName): ScenarioPart {
  return {
    stack: 'zk',
    async run(ctx, opts) {
      const w = await zkScenarios[name]!(ctx, opts);
      opts.log?.(`zk: ${name} done`, {
        zksync: w.zksync.state, scroll: w.scroll.state, zksyncL2: w.zksync.l2RpcUrl,
      });
    },
  };
}

export const zkScenarioDefinitions = Object.fromEntries(
  zkScenarioNames.map((name) => [name, { name, description: descriptions[name], parts: [zkPart(name)] }]),
) as Record<ZkScenarioName, ScenarioDefinition>;
