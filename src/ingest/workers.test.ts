/**
 * BullMQ mode with worker processes: workers killed with SIGKILL at random moments lose and
 * duplicate nothing (stalled jobs are taken over), and two workers on one queue share the work.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Registry } from 'prom-client';
import { Redis } from 'ioredis';
import type { Address } from 'viem';
import { createTestDatabase, type TestDatabase } from '../db/testing.ts';
import { createIngest, type Ingest, type IngestTuning } from './engine.ts';
import { createTestStack, testRollup } from './testing/stack.ts';
import { startTestChain, storedLogs, truthLogs, waitFor, type TestChain } from './testing/chain.ts';
import { TEST_TOPIC } from './testing/emitter.ts';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CHAIN = 31338;

interface Child { proc: ChildProcess; rangeJobs: number; ready: Promise<void> }

describe('sync engine with BullMQ worker processes', () => {
  let chain: TestChain;
  const children = new Set<ChildProcess>();
  let emitters: Address[];

  beforeAll(async () => {
    chain = await startTestChain(CHAIN);
    emitters = [await chain.deployEmitter(), await chain.deployEmitter()];
    // 120,000 events over ~600 blocks.
    let id = 0;
    for (let i = 0; i < 120; i++) {
      await chain.emit(emitters[i % 2], id, id + 1_000); id += 1_000;
      await chain.mine(4);
    }
  });

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await chain?.stop();
  });

  function startChild(dbUrl: string, prefix: string, tuning: IngestTuning, concurrency = 2): Child {
    const env = { ...process.env, ROLLSCOPE_TEST_WORKER: JSON.stringify({ dbUrl, redis: REDIS, prefix, chainId: CHAIN, rpcUrl: chain.anvil.rpcUrl, emitters, topic: TEST_TOPIC, tuning, concurrency }) };
    const proc = spawn(process.execPath, [resolve(root, 'bin/run.mjs'), 'src/ingest/testing/worker-child.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(proc);
    proc.once('exit', () => children.delete(proc));
    const child: Child = { proc, rangeJobs: 0, ready: Promise.resolve() };
    let buf = '';
    child.ready = new Promise<void>((res, rej) => {
      proc.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl); buf = buf.slice(nl + 1);
          if (line.includes('"worker ready"')) res();
          if (line.includes('"ingest job done"') && line.includes('"type":"range"')) child.rangeJobs++;
        }
      });
      let err = '';
      proc.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
      proc.once('exit', (code, signal) => rej(new Error(`worker exited (${code ?? signal}) before ready: ${err.slice(0, 2000)}`)));
    });
    return child;
  }

  async function scheduler(db: TestDatabase, prefix: string, tuning: IngestTuning): Promise<Ingest> {
    const ingest = createIngest({
      db: db.db, redis: REDIS, processJobs: false, logger: pino({ level: 'warn' }), metrics: new Registry(),
      chains: [{ chainId: CHAIN, rpcUrls: [chain.anvil.rpcUrl], finality: { depth: 0 }, pollIntervalMs: 200 }],
      rollups: [{ definition: testRollup('test-rollup', CHAIN), stack: createTestStack(() => [{ kind: 'logs', id: 'emitters', chainId: CHAIN, addresses: emitters, topics: [TEST_TOPIC], fromBlock: 0 }]) }],
      tuning: { ...tuning, queuePrefix: prefix, progress: 'off' },
    });
    await ingest.start();
    return ingest;
  }

  async function expectExactlyTheChain(db: TestDatabase): Promise<void> {
    const truth = await truthLogs(chain.client, emitters, [TEST_TOPIC]);
    const stored = await storedLogs(db.db, 'test-rollup');
    expect(stored.length).toBe(120_000);
    expect(stored).toEqual(truth);
    // Progress ranges never overlap.
    const ranges = await db.db.query<{ from_block: number; to_block: number }>(`select from_block, to_block from sync_ranges order by from_block`);
    for (let i = 1; i < ranges.length; i++) expect(Number(ranges[i].from_block)).toBeGreaterThan(Number(ranges[i - 1].to_block));
  }

  async function cleanup(prefix: string): Promise<void> {
    const redis = new Redis(REDIS);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }

  const tuning: IngestTuning = { jobSpanBlocks: 20, initialLogSpan: 2, targetLogsPerCall: 2_000, lockDurationMs: 2_000, stalledIntervalMs: 1_000 };

  it('survives five SIGKILLs of a worker at random moments: result equals the chain, nothing duplicated', async () => {
    const db = await createTestDatabase();
    const prefix = `rs-test-${randomBytes(4).toString('hex')}`;
    const ingest = await scheduler(db, prefix, tuning);
    try {
      let kills = 0;
      let killedMidBackfill = 0;
      const slow = { ...tuning, targetLogsPerCall: 500 };
      let child = startChild(db.url, prefix, slow, 1);
      await child.ready;
      while (kills < 5) {
        await new Promise((r) => setTimeout(r, 200 + Math.random() * 600));
        if (!(await ingest.refreshProgress()).synced) killedMidBackfill++;
        child.proc.kill('SIGKILL');
        kills++;
        child = startChild(db.url, prefix, slow, 1);
        await child.ready;
      }
      expect(killedMidBackfill).toBe(5); // every kill landed during the backfill
      await waitFor(async () => (await ingest.refreshProgress()).synced, { what: 'backfill after kills', timeoutMs: 90_000, intervalMs: 250 });
      await expectExactlyTheChain(db);
      child.proc.kill('SIGTERM');
    } finally {
      await ingest.stop();
      await cleanup(prefix);
      await db.drop();
    }
  });

  it('two workers on one queue both work and store each fact once', async () => {
    const db = await createTestDatabase();
    const prefix = `rs-test-${randomBytes(4).toString('hex')}`;
    const ingest = await scheduler(db, prefix, { ...tuning, lockDurationMs: 10_000, stalledIntervalMs: 5_000 });
    try {
      const a = startChild(db.url, prefix, tuning);
      const b = startChild(db.url, prefix, tuning);
      await Promise.all([a.ready, b.ready]);
      await waitFor(async () => (await ingest.refreshProgress()).synced, { what: 'backfill by two workers', timeoutMs: 90_000, intervalMs: 250 });
      await expectExactlyTheChain(db);
      expect(a.rangeJobs).toBeGreaterThan(0);
      expect(b.rangeJobs).toBeGreaterThan(0);
      a.proc.kill('SIGTERM');
      b.proc.kill('SIGTERM');
    } finally {
      await ingest.stop();
      await cleanup(prefix);
      await db.drop();
    }
  });
});
