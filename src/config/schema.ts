/** The one typed configuration of rollscope, validated with zod. */
import { z } from 'zod';
import { rollupDefinitionSchema } from '../rollups/schema.ts';

const rpcUrl = z
  .string()
  .regex(/^(https?|wss?):\/\/[^\s]+$/, 'an http(s):// or ws(s):// URL');

export const chainConfigSchema = z.object({
  rpcUrls: z.array(rpcUrl).min(1, 'at least one RPC URL'),
  /** Beacon API of the chain's consensus node (OP blob batches). */
  beaconUrl: z.string().regex(/^https?:\/\/[^\s]+$/, 'an http(s):// URL').optional(),
  /** `tags`: the chain's own safe/finalized tags decide finality; `{ depth }` for chains without them. */
  finality: z.union([z.literal('tags'), z.object({ depth: z.number().int().positive() })]).default('tags'),
  pollIntervalMs: z.number().int().min(100).default(2000),
  /** Max RPC requests per second to this chain (per URL). */
  rateLimit: z.number().positive().optional(),
});

export const configSchema = z.object({
  /** Ids of the rollups to watch (built-in or from `definitions`). */
  rollups: z.array(z.string()).default([]),
  /** Extra rollup definitions (another Orbit or OP Stack chain, or the devnet's). */
  definitions: z.array(rollupDefinitionSchema).default([]),
  /** Chains by chain id. */
  chains: z.record(z.string().regex(/^\d+$/, 'a decimal chain id'), chainConfigSchema).default({}),
  /** postgres:// URL; unset = embedded PGlite under dataDir. */
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\/[^\s]+$/, 'a postgres:// or postgresql:// URL').optional(),
  dataDir: z.string().min(1).default('.rollscope/pglite'),
  /** redis:// URL; unset = jobs run in-process (embedded mode). */
  redisUrl: z.string().regex(/^rediss?:\/\/[^\s]+$/, 'a redis:// or rediss:// URL').optional(),
  api: z
    .object({
      port: z.number().int().min(0).max(65535).default(4000),
      host: z.string().min(1).default('0.0.0.0'),
    })
    .default({ port: 4000, host: '0.0.0.0' }),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Concurrent jobs per worker process. */
  workerConcurrency: z.number().int().min(1).max(64).default(4),
});

export type Config = z.infer<typeof configSchema>;
export type ChainConfig = z.infer<typeof chainConfigSchema>;
