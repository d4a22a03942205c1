/**
 * Builds the configuration from an optional JSON file (ROLLSCOPE_CONFIG or --config) and the
 * environment (which wins), validates it, and fails with a message naming each bad key, where it
 * came from, the value and what was expected.
 */
import { readFileSync } from 'node:fs';
import { configSchema, type Config } from './schema.ts';
import { builtinRollups } from '../rollups/index.ts';
import type { RollupDefinition } from '../rollups/types.ts';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Where each top-level path came from, for error messages. */
type Origins = Map<string, string>;

function setPath(target: Record<string, unknown>, path: (string | number)[], value: unknown) {
  let node = target;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

function readFileConfig(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError([`config file ${file}: cannot be read (${(e as Error).message})`]);
  }
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('top level is not an object');
    return parsed;
  } catch (e) {
    throw new ConfigError([`config file ${file}: not valid JSON (${(e as Error).message})`]);
  }
}

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

function numberOrRaw(v: string): number | string {
  return /^\d+$/.test(v) ? Number(v) : v;
}

/** Environment overrides; each records its variable name as the origin of the path it sets. */
function applyEnv(raw: Record<string, unknown>, env: Env, origins: Origins) {
  const set = (path: (string | number)[], value: unknown, variable: string) => {
    setPath(raw, path, value);
    origins.set(path.join('.'), variable);
  };
  if (env.DATABASE_URL) set(['databaseUrl'], env.DATABASE_URL, 'DATABASE_URL');
  if (env.REDIS_URL) set(['redisUrl'], env.REDIS_URL, 'REDIS_URL');
  const port = env.ROLLSCOPE_PORT ?? env.PORT;
  if (port !== undefined) set(['api', 'port'], numberOrRaw(port), env.ROLLSCOPE_PORT !== undefined ? 'ROLLSCOPE_PORT' : 'PORT');
  if (env.ROLLSCOPE_HOST) set(['api', 'host'], env.ROLLSCOPE_HOST, 'ROLLSCOPE_HOST');
  if (env.ROLLSCOPE_ROLLUPS !== undefined) set(['rollups'], list(env.ROLLSCOPE_ROLLUPS), 'ROLLSCOPE_ROLLUPS');
  if (env.ROLLSCOPE_DATA_DIR) set(['dataDir'], env.ROLLSCOPE_DATA_DIR, 'ROLLSCOPE_DATA_DIR');
  if (env.LOG_LEVEL) set(['logLevel'], env.LOG_LEVEL, 'LOG_LEVEL');
  if (env.ROLLSCOPE_WORKER_CONCURRENCY) set(['workerConcurrency'], numberOrRaw(env.ROLLSCOPE_WORKER_CONCURRENCY), 'ROLLSCOPE_WORKER_CONCURRENCY');
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const rpc = /^ROLLSCOPE_RPC_(.+)$/.exec(name);
    if (rpc) set(['chains', rpc[1], 'rpcUrls'], list(value), name);
    const beacon = /^ROLLSCOPE_BEACON_(.+)$/.exec(name);
    if (beacon) set(['chains', beacon[1], 'beaconUrl'], value, name);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return '(missing)';
  const s = JSON.stringify(value);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let node = raw as Record<PropertyKey, unknown> | undefined;
  for (const key of path) node = node == null ? undefined : (node[key] as Record<PropertyKey, unknown>);
  return node;
}

function originOf(origins: Origins, path: PropertyKey[], file?: string): string {
  for (let i = path.length; i > 0; i--) {
    const origin = origins.get(path.slice(0, i).join('.'));
    if (origin) return origin;
  }
  return file ? `config file ${file}` : 'defaults';
}

export interface LoadConfigOptions {
  env?: Env;
  /** JSON config file; defaults to env.ROLLSCOPE_CONFIG. */
  file?: string;
  /** Values set by the caller (CLI flags), applied after the environment. */
  overrides?: Record<string, unknown>;
}

export interface LoadedConfig extends Config {
  /** The definitions of the enabled rollups, resolved from built-ins and `definitions`. */
  enabledRollups: RollupDefinition[];
}

export function loadConfig({ env = process.env, file, overrides = {} }: LoadConfigOptions = {}): LoadedConfig {
  const origins: Origins = new Map();
  const configFile = file ?? env.ROLLSCOPE_CONFIG;
  const raw: Record<string, unknown> = configFile ? readFileConfig(configFile) : {};
  applyEnv(raw, env, origins);
  for (const [key, value] of Object.entries(overrides)) {
    setPath(raw, key.split('.'), value);
    origins.set(key, 'command line');
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = issue.path.join('.') || '(root)';
        const expected = issue.message.replace(/^[^:]*:\s*expected\s+/i, '');
        return `${key} (from ${originOf(origins, issue.path, configFile)}) = ${describe(valueAt(raw, issue.path))}: expected ${expected}`;
      }),
    );
  }
  const config = result.data;
  const known = new Map<string, RollupDefinition>(Object.entries(builtinRollups));
  for (const d of config.definitions) known.set(d.id, d as RollupDefinition);
  const ids = config.rollups.length > 0 ? config.rollups : [...known.keys()];
  const problems: string[] = [];
  const enabledRollups: RollupDefinition[] = [];
  ids.forEach((id, i) => {
    const def = known.get(id);
    if (def) enabledRollups.push(def);
    else
      problems.push(
        `rollups.${i} (from ${originOf(origins, ['rollups'], configFile)}) = ${describe(id)}: expected one of ${[...known.keys()].map((k) => JSON.stringify(k)).join(', ') || '(no rollups defined)'}`,
      );
  });
  if (config.webhooks.length > 0 && !config.redisUrl) {
    problems.push(`webhooks (from ${originOf(origins, ['webhooks'], configFile)}) = ${config.webhooks.length} endpoint(s): expected redisUrl (REDIS_URL) to be set, webhooks are delivered as BullMQ jobs`);
  }
  if (problems.length) throw new ConfigError(problems);
  return { ...config, enabledRollups };
}
