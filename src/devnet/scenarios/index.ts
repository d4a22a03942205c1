/**
 * Scenario registry and runner.
 *
 * API (stable):
 *   scenarios: Record<ScenarioName, ScenarioDefinition>; scenarioNames
 *   registerScenarioPart(name, part)   // a stack adds its part to a scenario (OP Stack: from opstack code)
 *   runScenario(name, opts?: { size?, stacks?, loadEvents?, log?, genesisTimestamp?, hardfork? }) => Promise<{ truth, ctx, stop() }>
 *     starts a fresh DevnetContext, runs every part of the scenario in order, returns the
 *     RecordedTruth (GroundTruth + eventCounts) with the chains still running; stop() kills them.
 *
 * Scenarios: steady, outage, censorship, challenge, reorg, load (see each part's file).
 * OP Stack parts: call registerScenarioPart('steady', opStackSteadyPart) etc. from a module
 * imported below (add the import line next to the Arbitrum one).
 */
import { createDevnetContext, type DevnetContext } from '../context.ts';
import type { RecordedTruth } from '../recorder.ts';
import { arbitrumParts } from './arbitrum.ts';
import { opStackParts } from './opstack.ts';
import { governanceParts } from '../governance/scenario.ts';
import { zkScenarioDefinitions, zkScenarioNames } from '../zk/parts.ts';
import type { ScenarioDefinition, ScenarioPart, ScenarioRunOptions } from './types.ts';

export type { ScenarioDefinition, ScenarioPart, ScenarioRunOptions } from './types.ts';

export const scenarioNames = ['steady', 'outage', 'censorship', 'challenge', 'reorg', 'load', 'upgrade', ...zkScenarioNames] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export const scenarios: Record<ScenarioName, ScenarioDefinition> = {
  steady: { name: 'steady', description: 'Normal operation: L2 blocks, calldata/blob/AnyTrust/Celestia batches, state roots confirmed after the window, deposits, withdrawals.', parts: [arbitrumParts.steady, opStackParts.steady] },
  outage: { name: 'outage', description: 'Batch poster silent for hours of L1 time while L2 blocks keep coming, then recovery.', parts: [arbitrumParts.outage, opStackParts.outage] },
  censorship: { name: 'censorship', description: 'Delayed messages left unread past the force-inclusion window, then forced in by the user.', parts: [arbitrumParts.censorship, opStackParts.censorship] },
  challenge: { name: 'challenge', description: 'A legacy challenge (bisections, one-step proof, timeout) and a BoLD rival assertion fought with edges.', parts: [arbitrumParts.challenge, opStackParts.challenge] },
  reorg: { name: 'reorg', description: 'L1 reorgs of depth 1, 5 and 64 dropping and re-including rollup transactions.', parts: [arbitrumParts.reorg, opStackParts.reorg] },
  load: { name: 'load', description: '≥ 1,000,000 rollup events as fast as possible (event counts only in the truth).', keepEvents: false, l1GasLimit: 60_000_000n, parts: [arbitrumParts.load] },
  upgrade: { name: 'upgrade', description: 'Governance: upgrades with and without timelock, a delay cut, admin/ownership changes, pauses (Arbitrum-like and OP-like setups).', parts: [governanceParts.upgrade] },
  ...zkScenarioDefinitions,
};

export function registerScenarioPart(name: ScenarioName, part: ScenarioPart): void {
  const s = scenarios[name];
  if (!s) throw new Error(`registerScenarioPart: unknown scenario ${name}; known: ${scenarioNames.join(', ')}`);
  if (!s.parts.includes(part)) s.parts.push(part);
}

export interface ScenarioRun {
  truth: RecordedTruth;
  ctx: DevnetContext;
  stop(): Promise<void>;
}

export async function runScenario(name: string, opts: ScenarioRunOptions & { genesisTimestamp?: number; hardfork?: string } = {}): Promise<ScenarioRun> {
  const def = scenarios[name as ScenarioName];
  if (!def) throw new Error(`unknown scenario "${name}"; known: ${scenarioNames.join(', ')}`);
  const ctx = await createDevnetContext({ scenario: name, keepEvents: def.keepEvents, l1GasLimit: def.l1GasLimit, genesisTimestamp: opts.genesisTimestamp, hardfork: opts.hardfork });
  try {
    for (const part of def.parts) if (!opts.stacks || opts.stacks.includes(part.stack)) await part.run(ctx, opts);
  } catch (e) {
    await ctx.stop();
    throw e;
  }
  return { truth: ctx.recorder.truth, ctx, stop: () => ctx.stop() };
}
