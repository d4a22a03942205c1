/**
 * Scenario parts: each stack contributes one part per scenario name; `runScenario` runs the parts
 * registered for a name one after the other on one DevnetContext (one L1, one L2 per rollup).
 *
 * A part must: deploy what it needs, drive its rollup, record ground truth through ctx.recorder
 * (ctx.write / ctx.send do that), use its own signers (see DevnetAccounts) and leave the L1 clock
 * where it ended (parts run sequentially, never concurrently).
 */
import type { DevnetContext } from '../context.ts';

export interface ScenarioRunOptions {
  /** Scale of the scenario: 'small' for tests (default), 'full' for demos and the CLI. */
  size?: 'small' | 'full';
  /** load scenario: events to emit (default 1,000,000). */
  loadEvents?: number;
  /** Run only the parts of these stacks (default: all registered parts). */
  stacks?: string[];
  /** Progress messages. */
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

export interface ScenarioPart {
  stack: 'arbitrum' | 'opstack' | string;
  run(ctx: DevnetContext, opts: ScenarioRunOptions): Promise<void>;
}

export interface ScenarioDefinition {
  name: string;
  description: string;
  /** false => the recorder keeps event counts only (millions of events). */
  keepEvents?: boolean;
  /** L1 block gas limit for this scenario. */
  l1GasLimit?: bigint;
  parts: ScenarioPart[];
}
