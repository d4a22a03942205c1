import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load.ts';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

const devnetDefinition = {
  id: 'devnet-arb',
  name: 'Devnet Arbitrum',
  stack: 'arbitrum',
  l1ChainId: 31337,
  l2ChainId: 412346,
  startBlock: 0,
  dataAvailability: 'rollup',
  l2GenesisBlock: 0,
  contracts: {
    sequencerInbox: { address: '0x1c479675ad559DC151F6Ec7ed3FbF8ceE79582B6', fromBlock: 0 },
    bridge: { address: '0x8315177aB297bA92A06054cE80a67Ed4DBd7ed3a', fromBlock: 0 },
    inbox: { address: '0x4Dbd4fc535Ac27206064B68FfCf827b0A60BAB3f', fromBlock: 0 },
    outbox: { address: '0x0B9857ae2D4A3DBe74ffE1d7DF045bb7F96E4840', fromBlock: 0 },
  },
};

describe('loadConfig', () => {
  it('uses sane defaults with an empty environment', () => {
    const c = loadConfig({ env: {} });
    expect(c.api.port).toBe(4000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.dataDir).toBe('.rollscope/pglite');
  });

  it('reads RPC URLs per chain from ROLLSCOPE_RPC_<chainId>, comma separated', () => {
    const c = loadConfig({ env: { ROLLSCOPE_RPC_1: 'http://a:8545, https://b/rpc', ROLLSCOPE_BEACON_1: 'http://beacon:5052' } });
    expect(c.chains['1'].rpcUrls).toEqual(['http://a:8545', 'https://b/rpc']);
    expect(c.chains['1'].beaconUrl).toBe('http://beacon:5052');
    expect(c.chains['1'].finality).toBe('tags');
  });

  it('names the key, its origin, the value and what was expected', () => {
    const [p] = problemsOf(() => loadConfig({ env: { ROLLSCOPE_RPC_10: 'htp://typo' } }));
    expect(p).toContain('chains.10.rpcUrls.0');
    expect(p).toContain('ROLLSCOPE_RPC_10');
    expect(p).toContain('"htp://typo"');
    expect(p).toContain('expected an http(s):// URL');
    // The RPC client speaks HTTP only: a WebSocket URL is refused here, not at the first request.
    const [ws] = problemsOf(() => loadConfig({ env: { ROLLSCOPE_RPC_10: 'wss://node.example' } }));
    expect(ws).toContain('"wss://node.example": expected an http(s):// URL');
  });

  it('rejects a non-numeric and an out-of-range port', () => {
    expect(problemsOf(() => loadConfig({ env: { PORT: 'abc' } }))[0]).toMatch(/^api\.port \(from PORT\) = "abc": expected number/);
    expect(problemsOf(() => loadConfig({ env: { ROLLSCOPE_PORT: '70000' } }))[0]).toMatch(/api\.port .* = 70000: expected .*65535/);
  });

  it('rejects a DATABASE_URL that is not postgres and a bad REDIS_URL together', () => {
    const problems = problemsOf(() => loadConfig({ env: { DATABASE_URL: 'mysql://x/y', REDIS_URL: 'localhost:6379' } }));
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toContain('databaseUrl (from DATABASE_URL) = "mysql://x/y"');
    expect(problems.join('\n')).toContain('redisUrl (from REDIS_URL) = "localhost:6379"');
  });

  it('rejects an unknown rollup id and lists the known ones', () => {
    const [p] = problemsOf(() => loadConfig({ env: { ROLLSCOPE_ROLLUPS: 'not-a-rollup' } }));
    expect(p).toContain('rollups.0 (from ROLLSCOPE_ROLLUPS) = "not-a-rollup": expected one of');
  });

  it('loads custom definitions from a JSON file and points at the file path of a bad value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollscope-config-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ rollups: ['devnet-arb'], definitions: [devnetDefinition] }));
    const c = loadConfig({ env: {}, file: good });
    expect(c.enabledRollups.map((r) => r.id)).toEqual(['devnet-arb']);

    const bad = join(dir, 'bad.json');
    const broken = { ...devnetDefinition, contracts: { ...devnetDefinition.contracts, bridge: { address: '0x1234', fromBlock: 0 } } };
    writeFileSync(bad, JSON.stringify({ definitions: [broken] }));
    const [p] = problemsOf(() => loadConfig({ env: {}, file: bad }));
    expect(p).toContain('definitions.0.contracts.bridge.address');
    expect(p).toContain(`config file ${bad}`);
    expect(p).toContain('"0x1234"');

    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{ rollups: ');
    expect(problemsOf(() => loadConfig({ env: {}, file: notJson }))[0]).toContain('not valid JSON');
  });

  it('lets the environment override the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollscope-config-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ api: { port: 5000 }, chains: { '1': { rpcUrls: ['http://file:8545'] } } }));
    const c = loadConfig({ env: { ROLLSCOPE_PORT: '6000', ROLLSCOPE_RPC_1: 'http://env:8545' }, file });
    expect(c.api.port).toBe(6000);
    expect(c.chains['1'].rpcUrls).toEqual(['http://env:8545']);
  });

  it('takes health thresholds and refuses unknown or invalid ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollscope-config-'));
    const good = join(dir, 'h.json');
    writeFileSync(good, JSON.stringify({ health: { batchSilentHaltSeconds: 7200, forcedQueueSeverity: 'HALT' } }));
    expect(loadConfig({ env: {}, file: good }).health).toEqual({ batchSilentHaltSeconds: 7200, forcedQueueSeverity: 'HALT' });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ health: { batchSilentHaltSeconds: -1, forcedQueueSeverity: 'PANIC' } }));
    const problems = problemsOf(() => loadConfig({ env: {}, file: bad }));
    expect(problems.join('\n')).toContain('health.batchSilentHaltSeconds');
    expect(problems.join('\n')).toContain('health.forcedQueueSeverity');
    expect(problems.join('\n')).toContain('"PANIC"');
  });

  it('requires Redis for webhooks and a real secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollscope-config-'));
    const file = join(dir, 'w.json');
    writeFileSync(file, JSON.stringify({ webhooks: [{ id: 'ops', url: 'https://ops.example/hook', secret: 'a-long-shared-secret' }] }));
    expect(problemsOf(() => loadConfig({ env: {}, file }))[0]).toContain('expected redisUrl (REDIS_URL) to be set');
    expect(loadConfig({ env: { REDIS_URL: 'redis://127.0.0.1:6379' }, file }).webhooks).toHaveLength(1);
    writeFileSync(file, JSON.stringify({ webhooks: [{ id: 'ops', url: 'https://ops.example/hook', secret: 'short' }] }));
    expect(problemsOf(() => loadConfig({ env: {}, file }))[0]).toContain('webhooks.0.secret');
  });
});
