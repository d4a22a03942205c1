/**
 * Parameters that live in the rollup's contracts and that no event announces at start, read with
 * eth_call at the latest block and stored in rollups.parameters (later changes arrive as
 * parameter_changes facts, which take precedence; see metrics/parameters.ts).
 */
import { createPublicClient, http } from 'viem';
import { rollupViews, sequencerInboxViews } from '../stacks/arbitrum/abi.ts';
import type { RollupDefinition } from './types.ts';

export async function readOnchainParameters(definition: RollupDefinition, rpcUrl: string): Promise<Record<string, unknown>> {
  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 2, timeout: 15_000 }), cacheTime: 0 });
  if (definition.stack === 'arbitrum') {
    const rollup = definition.contracts.boldRollup ?? definition.contracts.legacyRollup;
    const out: Record<string, unknown> = {};
    if (rollup) {
      const blocks = await client.readContract({ address: rollup.address, abi: rollupViews, functionName: 'confirmPeriodBlocks' });
      out.confirmPeriodBlocks = Number(blocks);
    }
    const [delayBlocks, futureBlocks, delaySeconds, futureSeconds] = await client.readContract({
      address: definition.contracts.sequencerInbox.address, abi: sequencerInboxViews, functionName: 'maxTimeVariation',
    });
    out.maxTimeVariation = { delayBlocks: String(delayBlocks), futureBlocks: String(futureBlocks), delaySeconds: String(delaySeconds), futureSeconds: String(futureSeconds) };
    return out;
  }
  // OP Stack finality delays are read by its decoder at each block (parameter_changes); the ZK
  // stacks' windows come from their definitions and events.
  return {};
}
