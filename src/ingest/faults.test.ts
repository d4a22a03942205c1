/**
 * The engine behind a faulty provider: timeouts, 429, 502, truncated JSON, a lagging node, logs
 * with wrong block hashes, result-count and block-span limits, and a dead first endpoint. The
 * result must equal the chain, and every fault kind must show in the metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { Address } from 'viem';
import { createTestDatabase, type TestDatabase } from '../db/testing.ts';
import { ChainError } from '../chain/errors.ts';
import { createIngest } from './engine.ts';
import { createTestStack, testRollup } from './testing/stack.ts';
import { startTestChain, storedLogs, truthLogs, waitFor, type TestChain } from './testing/chain.ts';
import { TEST_TOPIC } from './testing/emitter.ts';
import { startFaultProxy, type FaultProxy } from './testing/fault-proxy.ts';

const CHAIN = 31339;

describe('sync engine behind a faulty RPC', () => {
  let chain: TestChain;
  let tdb: TestDatabase;
  let proxy: FaultProxy;
  let emitters: Address[];

  beforeAll(async () => {
    [chain, tdb] = await Promise.all([startTestChain(CHAIN), createTestDatabase()]);
    emitters = [await chain.deployEmitter(), await chain.deployEmitter()];
    let id = 0;
    for (let i = 0; i < 40; i++) {
      await chain.emit(emitters[i % 2], id, id + 500); id += 500;
      await chain.mine(3);
    }
    proxy = await startFaultProxy({
      upstream: chain.anvil.rpcUrl, lagBlocks: 6, forceEach: true, maxLogs: 3_000, maxRange: 40, holdMs: 1_500,
      rates: { timeout: 0.03, rate_limit: 0.05, http_5xx: 0.04, truncated: 0.05, lagging: 0.06, bad_hash: 0.08 },
    });
  });

  afterAll(async () => {
    await proxy?.close();
    await chain?.stop();
    await tdb?.drop();
  });

  const stack = () => createTestStack(() => [{ kind: 'logs', id: 'emitters', chainId: CHAIN, addresses: emitters, topics: [TEST_TOPIC], fromBlock: 0 }]);

  it('refuses to start against an endpoint of another chain', async () => {
    const ingest = createIngest({
      db: tdb.db, chains: [{ chainId: 1, rpcUrls: [chain.anvil.rpcUrl] }], rollups: [{ definition: testRollup('wrong-chain', 1), stack: createTestStack(() => []) }],
      logger: pino({ level: 'silent' }), metrics: new Registry(), tuning: { progress: 'off' },
    });
    const err = await ingest.start().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ChainError);
    expect((err as ChainError).kind).toBe('chain_id');
    expect((err as ChainError).retryable).toBe(false);
    await ingest.stop();
  });

  it('finds batcher transactions on a node without historical state (no nonce signal: every block is read)', async () => {
    const pruned = await startFaultProxy({ upstream: chain.anvil.rpcUrl, rates: {}, rejectMethods: { eth_getTransactionCount: 'missing trie node 0x1234 (path )' } });
    const inbox = '0x00000000000000000000000000000000000b0b02' as Address;
    const sent: string[] = [];
    for (let i = 0; i < 3; i++) {
      const hash = await chain.wallet.sendTransaction({ account: chain.account, chain: null, to: inbox, data: '0x0102', gas: 100_000n });
      await chain.client.waitForTransactionReceipt({ hash });
      sent.push(hash);
      await chain.mine(5);
    }
    const db = await createTestDatabase();
    const ingest = createIngest({
      db: db.db, logger: pino({ level: 'silent' }), metrics: new Registry(),
      chains: [{ chainId: CHAIN, rpcUrls: [pruned.url], finality: { depth: 0 }, pollIntervalMs: 100 }],
      rollups: [{ definition: testRollup('pruned', CHAIN), stack: createTestStack(() => [{ kind: 'transactions', id: 'batches', chainId: CHAIN, to: inbox, senders: () => [chain.account.address], fromBlock: 0 }]) }],
      tuning: { sequentialJobSpanBlocks: 60, progress: 'off' },
    });
    try {
      await ingest.start();
      await waitFor(async () => (await ingest.refreshProgress()).synced, { what: 'tx source on a pruned node' });
      const rows = await db.db.query<{ tx_hash: string }>(`select tx_hash from sequencer_batches order by block_number`);
      expect(rows.map((r) => r.tx_hash)).toEqual(sent.map((h) => h.toLowerCase()));
    } finally {
      await ingest.stop();
      await db.drop();
      await pruned.close();
    }
  });

  it('recovers from every fault and stores exactly the chain; faults are visible in the metrics', async () => {
    const registry = new Registry();
    const dead = 'http://127.0.0.1:9'; // discard port: connection refused
    const ingest = createIngest({
      db: tdb.db, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), metrics: registry, concurrency: 3,
      chains: [{ chainId: CHAIN, rpcUrls: [dead, proxy.url], finality: { depth: 3 }, pollIntervalMs: 100, rpcTimeoutMs: 400 }],
      rollups: [{ definition: testRollup('faulty', CHAIN), stack: stack() }],
      tuning: { jobSpanBlocks: 50, initialLogSpan: 200, progress: 'off' },
    });
    // verifyChainId tolerates the dead endpoint but needs the proxy to answer once.
    proxy.setEnabled(false);
    await ingest.start();
    proxy.setEnabled(true);
    try {
      const head = async () => Number(await chain.client.getBlockNumber({ cacheTime: 0 }));
      await waitFor(async () => { const p = await ingest.refreshProgress(); return p.synced && p.chains[0].tip === (await head()); }, { what: 'backfill through faults', timeoutMs: 90_000, intervalMs: 200 });
      // Keep following the head through faults for a while.
      for (let i = 0; i < 5; i++) { await chain.emit(emitters[0], 100_000 + i * 10, 100_000 + i * 10 + 5); await chain.mine(2); }
      await waitFor(async () => { const p = await ingest.refreshProgress(); return p.synced && p.chains[0].tip === (await head()); }, { what: 'head following through faults', timeoutMs: 60_000, intervalMs: 200 });

      const truth = await truthLogs(chain.client, emitters, [TEST_TOPIC]);
      expect(truth.length).toBe(20_025);
      expect(await storedLogs(tdb.db, 'faulty')).toEqual(truth);

      for (const kind of ['timeout', 'rate_limit', 'http_5xx', 'truncated', 'lagging', 'bad_hash', 'range_limit'] as const) {
        expect(proxy.injected[kind], `${kind} injected`).toBeGreaterThan(0);
      }
      // A lagging node is visible once a head tick meets it: make sure one does.
      const laggingSeen = async () => /rollscope_rpc_errors_total\{[^}]*kind="lagging"[^}]*\} [1-9]/.test(await registry.metrics());
      if (!(await laggingSeen())) {
        proxy.lagNext(20);
        await waitFor(laggingSeen, { what: 'a lagging answer counted', timeoutMs: 20_000 });
      }
      const text = await registry.metrics();
      const kinds = new Set([...text.matchAll(/rollscope_rpc_errors_total\{[^}]*kind="([a-z0-9_]+)"[^}]*\} (\d+)/g)].filter((m) => Number(m[2]) > 0).map((m) => m[1]));
      for (const kind of ['network', 'timeout', 'rate_limit', 'http_5xx', 'malformed', 'lagging', 'inconsistent', 'range_limit']) {
        expect(kinds, `rpc errors of kind ${kind} in /metrics`).toContain(kind);
      }
    } finally {
      await ingest.stop();
    }
  });
});
