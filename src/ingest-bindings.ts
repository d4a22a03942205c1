/**
 * From configuration to what the ingest engine needs: which rollups can be indexed (every chain
 * their sources read has an RPC configured), with which stack, over which chains.
 */
import type { LoadedConfig } from './config/load.ts';
import type { ChainConfig as ConfigChain } from './config/schema.ts';
import type { Database } from './db/client.ts';
import type { ChainConfig, RollupBinding } from './ingest/index.ts';
import type { RollupDefinition } from './rollups/types.ts';
import type { StackIndexer } from './stacks/types.ts';
import { stackOf, withGovernance } from './stacks/index.ts';
import { batcherHistoryFromDb, createOpStack } from './stacks/opstack/index.ts';

/** Ethereum mainnet beacon genesis (slot 0), for mapping execution blocks to beacon slots. */
const BEACON_GENESIS: Record<number, number> = { 1: 1_606_824_023 };

export interface IngestPlan {
  bindings: RollupBinding[];
  chains: ChainConfig[];
  /** Rollups left out, with why (e.g. no RPC for chain 1). */
  skipped: { rollupId: string; reason: string }[];
}

function stackFor(definition: RollupDefinition, db: Database): StackIndexer<RollupDefinition> {
  // The OP Stack follows batcher changes through the database (SystemConfig ConfigUpdate events).
  if (definition.stack === 'opstack') return withGovernance(createOpStack({ batchers: batcherHistoryFromDb({ db }) })) as never;
  return stackOf(definition) as never;
}

function chainConfig(chainId: number, c: ConfigChain): ChainConfig {
  const genesis = BEACON_GENESIS[chainId];
  return {
    chainId,
    rpcUrls: c.rpcUrls,
    finality: c.finality,
    pollIntervalMs: c.pollIntervalMs,
    requestsPerSecond: c.rateLimit,
    beacon: c.beaconUrl
      ? { url: c.beaconUrl, slotOf: genesis === undefined ? undefined : (b) => Math.floor((b.timestamp - genesis) / 12) }
      : undefined,
  };
}

export function planIngest(config: LoadedConfig, db: Database): IngestPlan {
  const bindings: RollupBinding[] = [];
  const skipped: IngestPlan['skipped'] = [];
  const used = new Set<number>();
  for (const definition of config.enabledRollups) {
    const stack = stackFor(definition, db);
    const chainIds = [...new Set(stack.sources(definition).map((s) => s.chainId))];
    const missing = chainIds.filter((id) => !config.chains[String(id)]);
    if (missing.length) {
      skipped.push({ rollupId: definition.id, reason: `no RPC configured for chain ${missing.join(', ')} (set ROLLSCOPE_RPC_${missing[0]})` });
      continue;
    }
    chainIds.forEach((id) => used.add(id));
    // The rollup's own chain, when an RPC is configured for it: decoders read L2 block numbers and
    // times through it (Arbitrum assertions and batch times, zkSync batch ranges).
    if (config.chains[String(definition.l2ChainId)]) used.add(definition.l2ChainId);
    bindings.push({ definition, stack });
  }
  const chains = [...used].map((id) => chainConfig(id, config.chains[String(id)]));
  return { bindings, chains, skipped };
}
