/** The one typed configuration of rollscope, validated with zod. */
import { z } from 'zod';
import { rollupDefinitionSchema } from '../rollups/schema.ts';

const rpcUrl = z
  .string()
  .regex(/^https?:\/\/[^\s]+$/, 'an http(s):// URL (JSON-RPC over HTTP; user:password@ in it is sent as basic auth)');

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

const seconds = z.number().int().positive();
const severity = z.enum(['DEGRADED', 'HALT']);

/** Health thresholds (see metrics/health.ts defaultHealthThresholds); every key optional. */
export const healthSchema = z
  .object({
    batchSilentDegradedSeconds: seconds,
    batchSilentHaltSeconds: seconds,
    batchAnomalyDegrades: z.boolean(),
    anomalyZ: z.number().positive(),
    stateRootLateDegradedSeconds: seconds,
    stateRootLateHaltSeconds: seconds.nullable(),
    forcedQueueSeverity: severity,
    openChallengeSeverity: severity,
    reorgCooldownSeconds: seconds,
    dataStaleSeconds: seconds,
  })
  .partial()
  .strict();

export const webhookSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]+$/, 'an id of letters, digits, _ and -'),
  url: z.string().regex(/^https?:\/\/[^\s]+$/, 'an http(s):// URL'),
  secret: z.string().min(16, 'a shared HMAC secret of at least 16 characters'),
  rollups: z.array(z.string()).optional(),
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
      /** Cache whole responses within a second until new facts land. */
      responseCache: z.boolean().default(true),
      /** Largest accepted request body in bytes. */
      maxBodyBytes: z.number().int().min(1024).default(65_536),
      /** Health monitor period (health changes → subscriptions, webhooks, history). */
      monitorIntervalMs: z.number().int().min(100).default(5_000),
    })
    .default({ port: 4000, host: '0.0.0.0', responseCache: true, maxBodyBytes: 65_536, monitorIntervalMs: 5_000 }),
  /** Health thresholds; unset keys keep their defaults. */
  health: healthSchema.default({}),
  /** Webhooks called (HMAC-signed, retried) when a rollup's health changes; need redisUrl. */
  webhooks: z.array(webhookSchema).default([]),
  /** Max blobs per L1 block by chain id, as { from: unix time, maxBlobs } steps (mainnet's schedule is built in). */
  blobSchedules: z
    .record(z.string().regex(/^\d+$/, 'a decimal chain id'), z.array(z.object({ from: z.number().int().nonnegative(), maxBlobs: z.number().int().positive() })))
    .default({}),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Concurrent jobs per worker process. */
  workerConcurrency: z.number().int().min(1).max(64).default(4),
});

export type Config = z.infer<typeof configSchema>;
export type ChainConfig = z.infer<typeof chainConfigSchema>;
