/** zod schema of a rollup definition: custom definitions in a config file are checked against it. */
import { z } from 'zod';

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'a 20-byte 0x-prefixed hex address');
const block = z.number().int().nonnegative();
const tracked = z.object({ address, fromBlock: block, toBlock: block.optional() });
const base = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lowercase id of letters, digits and dashes'),
  name: z.string().min(1),
  l1ChainId: z.number().int().positive(),
  l2ChainId: z.number().int().positive(),
  startBlock: block,
  governance: z.object({ contracts: z.record(z.string(), tracked).optional(), upgradeDelaySeconds: z.number().int().nonnegative().optional(), instantUpgradePath: z.boolean().optional() }).optional(),
};

export const rollupDefinitionSchema = z.discriminatedUnion('stack', [
  z.object({
    ...base,
    stack: z.literal('arbitrum'),
    dataAvailability: z.enum(['rollup', 'anytrust']),
    contracts: z.object({
      sequencerInbox: tracked,
      bridge: tracked,
      inbox: tracked,
      outbox: tracked,
      legacyRollup: tracked.optional(),
      legacyChallengeManager: tracked.optional(),
      boldRollup: tracked.optional(),
      edgeChallengeManager: tracked.optional(),
    }),
    l2GenesisBlock: block,
  }),
  z.object({
    ...base,
    stack: z.literal('opstack'),
    contracts: z.object({
      optimismPortal: tracked,
      systemConfig: tracked,
      l1StandardBridge: tracked.optional(),
      l2OutputOracle: tracked.optional(),
      disputeGameFactory: tracked.optional(),
    }),
    batchInbox: address,
    initialBatcher: address,
    genesis: z.object({ l1Block: block, l2Block: block, l2Time: block, blockTime: z.number().int().positive() }),
    sequencingWindowBlocks: z.number().int().positive(),
    beaconUrl: z.string().url().optional(),
    derivation: z.object({
      channelTimeout: z.number().int().positive().optional(),
      forks: z.object({
        canyon: block.optional(), delta: block.optional(), ecotone: block.optional(),
        fjord: block.optional(), granite: block.optional(), holocene: block.optional(),
      }).strict().optional(),
    }).optional(),
  }),
  z.object({
    ...base,
    stack: z.literal('zksync'),
    contracts: z.object({ diamondProxy: tracked }),
    forcedPath: z.literal('priority-queue'),
  }),
  z.object({
    ...base,
    stack: z.literal('scroll'),
    contracts: z.object({ scrollChain: tracked, l1MessageQueueV1: tracked, l1MessageQueueV2: tracked.optional() }),
    forcedPath: z.literal('enforced-batch-mode'),
    enforcedBatchParameters: z.object({
      maxDelayEnterEnforcedModeSeconds: z.number().int().positive(),
      maxDelayMessageQueueSeconds: z.number().int().positive(),
    }),
  }),
  z.object({
    ...base,
    stack: z.literal('linea'),
    contracts: z.object({ lineaRollup: tracked }),
    forcedPath: z.literal('none'),
  }),
  z.object({
    ...base,
    stack: z.literal('starknet'),
    contracts: z.object({ core: tracked }),
    forcedPath: z.literal('none'),
  }),
]);
