/**
 * The demo's configuration, built in memory: the two devnet rollups (definitions from their
 * deployments), their L1 and L2 anvils as chains with short poll intervals, embedded PGlite in the
 * demo's own data folder, jobs in process.
 *
 * Only presentation settings come from the environment (port, host, log level, worker
 * concurrency); everything that would point the service elsewhere — DATABASE_URL, REDIS_URL,
 * ROLLSCOPE_ROLLUPS, ROLLSCOPE_RPC_*, ROLLSCOPE_BEACON_*, ROLLSCOPE_CONFIG, ROLLSCOPE_DATA_DIR — is
 * ignored and reported, so the demo can never write into a real database or data folder.
 */
import { loadConfig, type LoadedConfig } from '../config/load.ts';
import type { DemoRollups } from './rollups.ts';

/** Environment variables the demo honours. */
const KEPT = ['ROLLSCOPE_PORT', 'PORT', 'ROLLSCOPE_HOST', 'LOG_LEVEL', 'ROLLSCOPE_WORKER_CONCURRENCY'] as const;
const IGNORED = /^(DATABASE_URL|REDIS_URL|ROLLSCOPE_ROLLUPS|ROLLSCOPE_CONFIG|ROLLSCOPE_DATA_DIR|ROLLSCOPE_RPC_.+|ROLLSCOPE_BEACON_.+)$/;

export const DEMO_POLL_INTERVAL_MS = 250;

export interface DemoConfigOptions {
  rollups: DemoRollups;
  dataDir: string;
  env?: Record<string, string | undefined>;
  /** API port; wins over ROLLSCOPE_PORT / PORT (default 4000). */
  port?: number;
  host?: string;
  logLevel?: string;
}

export interface DemoConfig {
  config: LoadedConfig;
  /** Set environment variables the demo does not use (names only). */
  ignoredEnv: string[];
}

export function demoConfig(opts: DemoConfigOptions): DemoConfig {
  const source = opts.env ?? process.env;
  const env: Record<string, string | undefined> = {};
  for (const k of KEPT) if (source[k] !== undefined) env[k] = source[k];
  const ignoredEnv = Object.keys(source).filter((k) => IGNORED.test(k) && source[k] !== undefined && source[k] !== '').sort();
  const { ctx, definitions } = opts.rollups;
  const chains: Record<string, { rpcUrls: string[]; pollIntervalMs: number }> = {
    [String(ctx.l1.chainId)]: { rpcUrls: [ctx.l1.rpcUrl], pollIntervalMs: DEMO_POLL_INTERVAL_MS },
  };
  for (const l2 of Object.values(ctx.l2s)) chains[String(l2.chainId)] = { rpcUrls: [l2.rpcUrl], pollIntervalMs: DEMO_POLL_INTERVAL_MS * 2 };
  const overrides: Record<string, unknown> = {
    definitions,
    rollups: definitions.map((d) => d.id),
    chains,
    dataDir: opts.dataDir,
  };
  if (opts.port !== undefined) overrides['api.port'] = opts.port;
  if (opts.host !== undefined) overrides['api.host'] = opts.host;
  if (opts.logLevel !== undefined) overrides.logLevel = opts.logLevel;
  // No file: a ROLLSCOPE_CONFIG in the environment is ignored too (env above does not carry it).
  return { config: loadConfig({ env, overrides }), ignoredEnv };
}
