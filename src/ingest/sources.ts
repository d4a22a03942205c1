/**
 * The sources of the configured rollups, bound to their stack. A bound source is the unit of sync
 * progress: sync_ranges.source = `key`.
 */
import type { RollupDefinition } from '../rollups/types.ts';
import type { Source, StackIndexer } from '../stacks/types.ts';

export interface RollupBinding {
  definition: RollupDefinition;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  stack: StackIndexer<any>;
}

export interface BoundSource {
  /** `<rollupId>:<source.id>`, stable across restarts. */
  key: string;
  chainId: number;
  rollup: RollupDefinition;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  stack: StackIndexer<any>;
  source: Source;
  /**
   * Ranges must be committed in block order: factory sources (children are discovered on the way)
   * and transaction sources (decoders keep state across ranges, e.g. OP channels). Log sources
   * are ingested in parallel chunks; their decoders see state committed before their range only.
   */
  sequential: boolean;
}

export function bindSources(rollups: readonly RollupBinding[]): BoundSource[] {
  const out: BoundSource[] = [];
  const seen = new Set<string>();
  for (const { definition, stack } of rollups) {
    if (stack.stack !== definition.stack) throw new Error(`rollup ${definition.id} is ${definition.stack} but was given the ${stack.stack} stack`);
    for (const source of stack.sources(definition)) {
      const key = `${definition.id}:${source.id}`;
      if (seen.has(key)) throw new Error(`duplicate source ${key}: source ids must be unique per rollup`);
      seen.add(key);
      out.push({ key, chainId: source.chainId, rollup: definition, stack, source, sequential: source.kind !== 'logs' || source.sequential === true });
    }
  }
  return out;
}
