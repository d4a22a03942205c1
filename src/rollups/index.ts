/**
 * The built-in rollup definitions, by id. Adding a rollup of a known stack is one definition file
 * plus one line here.
 */
import type { RollupDefinition } from './types.ts';

export const builtinRollups: Record<string, RollupDefinition> = Object.fromEntries(
  ([] as RollupDefinition[]).map((d) => [d.id, d]),
);
