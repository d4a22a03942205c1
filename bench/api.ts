/**
 * bench:api — 200 concurrent clients sending the risk-engine poll (the GraphiQL "RiskPoll" tab)
 * to the API over HTTP, against a fresh Postgres database holding many facts, and the same poll SQL
 * sent directly through postgres.js, in one run. Clients run in a worker thread (their own event
 * loop), each on its own kept-alive socket speaking HTTP/1.1 directly (see runLoad); the API runs
 * in this process.
 *   node bin/run.mjs bench/api.ts [--rollups 4] [--batches 100000] [--clients 200] [--seconds 8] [--period 100]
 * Phases: API as configured by default (response cache + poll-row cache) with no new facts, then while facts land every
 * second, back to back (saturation) and open loop (each client polls every `period` ms); API
 * without the response cache; API without any cache; direct SQL back to back and open loop.
 * Goal: p99 ≤ 10 ms and ≥ 50 % of the direct-SQL rate.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Registry } from 'prom-client';
import { openDatabase } from '../src/db/client.ts';
import { createTestDatabase } from '../src/db/testing.ts';
import { upsertRollups } from '../src/db/rollups.ts';
import { createLogger } from '../src/log.ts';
import { createApiServer, type ApiTuning } from '../src/api/server.ts';
import { riskEnginePoll } from '../src/api/graphiql.ts';
import { arbitrumDefinition } from '../src/metrics/fixtures.ts';
import { pollSql, refreshRollupSnapshot } from '../src/metrics/snapshot.ts';
import { batchRow, challengeRow, forcedRow, moveRow, rootEventRow, rootRow, setChainHead, writeAll, writeBlocks } from '../src/api/testkit.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const ROLLUPS = arg('rollups', 4);
const BATCHES = arg('batches', 100_000);
const CLIENTS = arg('clients', 200);
const SECONDS = arg('seconds', 8);
const WARMUP_MS = 1_000;

const NOW = Math.floor(Date.now() / 1000);
const ids = Array.from({ length: ROLLUPS }, (_, i) => `bench-${i}`);

async function seed(db: Awaited<ReturnType<typeof createTestDatabase>>['db']) {
  await upsertRollups(db, ids.map((id) => arbitrumDefinition(id)));
  const t0 = performance.now();
  let rows = 0;
  for (const [r, id] of ids.entries()) {
    const first = NOW - BATCHES * 12;
    const chainBlock = (k: number) => 10_000_000 + k;
    const batches = Array.from({ length: BATCHES }, (_, k) =>
      batchRow(id, { block: chainBlock(k), time: first + 12 * k, tx: r, log: 1 }, {
        batchNumber: String(k),
        dataLocation: k % 3 ? 'BLOB' : 'CALLDATA',
        blobCount: k % 3 ? 3 : 0,
        blobGasUsed: k % 3 ? '393216' : null,
        bytesPosted: 120_000,
        executionFee: '2100000000000000',
        blobFee: k % 3 ? '393216000' : null,
        l2BlockStart: k * 40,
        l2BlockEnd: k * 40 + 39,
        l2TimeStart: first + 12 * k - 40,
        l2TimeEnd: first + 12 * k - 1,
        delayedMessagesRead: String(Math.floor(k / 5)),
      }),
    );
    const roots = Array.from({ length: Math.floor(BATCHES / 300) }, (_, j) =>
      rootRow(id, { block: chainBlock(300 * j + 150), time: first + 12 * (300 * j + 150), tx: 10 + r, log: 2 }, { kind: 'ASSERTION', rootIndex: `0x${(j + 1).toString(16).padStart(64, '0')}`, l2BlockNumber: 300 * j * 40 + 39 }),
    );
    const events = roots.slice(0, -40).map((x) => rootEventRow(id, { block: x.blockNumber + 45_818, time: x.blockTime + 45_818 * 12, tx: 20 + r, log: 3 }, { kind: 'ASSERTION', rootIndex: x.rootIndex, status: 'CONFIRMED' }));
    const forced = Array.from({ length: Math.floor(BATCHES / 5) + 3 }, (_, q) => forcedRow(id, { block: chainBlock(5 * q), time: first + 60 * q - 6, tx: 30 + r, log: 4 }, { queueIndex: String(q), kind: 'L2_MESSAGE', deadline: first + 60 * q - 6 + 86_400, windowSeconds: 86_400 }));
    const challenges = [challengeRow(id, { block: chainBlock(BATCHES - 10), time: first + 12 * (BATCHES - 10), tx: 40 + r, log: 5 }, { challengeId: '7', type: 'LEGACY', rootIndex: roots[roots.length - 1].rootIndex })];
    const moves = [moveRow(id, { block: chainBlock(BATCHES - 5), time: first + 12 * (BATCHES - 5), tx: 40 + r, log: 6 }, { challengeId: '7', action: 'BISECTED' })];
    await writeAll(db, { batches, roots, rootEvents: events, forced, challenges, moves });
    rows += batches.length + roots.length + events.length + forced.length + 2;
  }
  await writeBlocks(db, [{ number: 10_000_000 + BATCHES, timestamp: NOW, blobGasUsed: 786_432 }]);
  await setChainHead(db, 31_337, { latest: 10_000_000 + BATCHES, finalized: 10_000_000 + BATCHES - 64, latestTime: NOW });
  // What autovacuum does to a database that has been running: statistics and the visibility map.
  await db.query('vacuum analyze');
  const seeded = (performance.now() - t0) / 1000;
  const r0 = performance.now();
  for (const id of ids) await refreshRollupSnapshot(db, id);
  const refreshMs = (performance.now() - r0) / ids.length;
  return { rows, seeded, refreshMs };
}

interface LoadResult {
  lat: number[];
  errors: number;
  seconds: number;
}

/** Load generator in a worker thread: `mode` http (POST the poll) or sql (postgres.js, pool of 10). */
function runLoad(workerData: { mode: 'http' | 'sql'; url: string; bodies: string[]; sql?: string; ids?: string[]; clients: number; warmupMs: number; durationMs: number; periodMs?: number }): Promise<LoadResult> {
  const code = `
    const { parentPort, workerData: w } = require('node:worker_threads');
    (async () => {
      let send;
      let sql;
      let closeAll = () => {};
closeAll = () => {};
      if (w.mode === 'http') {
        // One kept-alive socket per client speaking HTTP/1.1 directly: a request is one write of
        // prebuilt bytes, a response is complete once its Content-Length bytes arrived. node:http's
        // client costs several times more CPU per request than the server being measured, and on
        // two cores that cost would be measured instead of the server.
        const net = require('node:net');
        const u = new URL(w.url);
        const requests = w.bodies.map((body) => Buffer.from(
          'POST ' + u.pathname + ' HTTP/1.1\\r\\nHost: ' + u.host + '\\r\\nContent-Type: application/json\\r\\nContent-Length: ' + Buffer.byteLength(body) + '\\r\\nConnection: keep-alive\\r\\n\\r\\n' + body));
        const sockets = new Map();
        const connect = (i) => new Promise((resolve, reject) => {
          const socket = net.connect({ host: u.hostname, port: Number(u.port) }, () => resolve(socket));
          socket.setNoDelay(true);
          socket.once('error', reject);
        });
        send = async (i) => {
          let socket = sockets.get(i);
          if (!socket) sockets.set(i, (socket = await connect(i)));
          return new Promise((resolve, reject) => {
            let buf = Buffer.alloc(0);
            const onData = (chunk) => {
              buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
              const headEnd = buf.indexOf('\\r\\n\\r\\n');
              if (headEnd < 0) return;
              const head = buf.subarray(0, headEnd).toString('latin1');
              const m = /content-length: *(\\d+)/i.exec(head);
              if (!m) { cleanup(); reject(new Error('response without content-length: ' + head.slice(0, 80))); return; }
              if (buf.length < headEnd + 4 + Number(m[1])) return;
              cleanup();
              const status = Number(head.slice(9, 12));
              resolve(status === 200 && !buf.includes('"errors"', headEnd));
            };
            const onError = (err) => { cleanup(); sockets.delete(i); reject(err); };
            const cleanup = () => { socket.off('data', onData); socket.off('error', onError); };
            socket.on('data', onData);
            socket.on('error', onError);
            socket.write(requests[i % requests.length]);
          });
        };
        closeAll = () => { for (const s of sockets.values()) s.destroy(); };
      } else {
        const postgres = require('postgres');
        sql = postgres(w.url, { max: 10, onnotice: () => {} });
        send = async (i) => {
          const rows = await sql.unsafe(w.sql, [[w.ids[i % w.ids.length]]]);
          return rows.length === 1;
        };
      }
      let measuring = false;
      let stop = false;
      const lat = [];
      let errors = 0;
      setTimeout(() => (measuring = true), w.warmupMs);
      setTimeout(() => (stop = true), w.warmupMs + w.durationMs);
      // Closed loop (periodMs 0): back to back. Open loop: each client polls every periodMs.
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      const client = async (i) => {
        let next = performance.now() + Math.random() * (w.periodMs || 0);
        while (!stop) {
          if (w.periodMs) {
            const wait = next - performance.now();
            if (wait > 0) await sleep(wait);
            next += w.periodMs;
            if (stop) break;
          }
          const t0 = performance.now();
          let ok = false;
          try { ok = await send(i); } catch { ok = false; }
          if (measuring && !stop) { lat.push(performance.now() - t0); if (!ok) errors++; }
        }
      };
      await Promise.all(Array.from({ length: w.clients }, (_, i) => client(i)));
      if (sql) await sql.end();
      closeAll();
      parentPort.postMessage({ lat, errors, seconds: w.durationMs / 1000 });
    })();`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

function summary(name: string, r: LoadResult) {
  const s = [...r.lat].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
  return { name, requests: s.length, errors: r.errors, rps: s.length / r.seconds, p50: q(0.5), p99: q(0.99), max: s[s.length - 1] ?? NaN };
}

/** The writer process: one batch fact and its rollup's snapshot refresh every second, until SIGTERM. */
async function writerChild(url: string, start: number, now: number): Promise<void> {
  const db = await openDatabase({ url, max: 2 });
  let k = start;
  let stopping = false;
  process.on('SIGTERM', () => (stopping = true));
  while (!stopping) {
    const t0 = Date.now();
    const id = ids[k % ids.length];
    const first = now - BATCHES * 12;
    await writeAll(db, { batches: [batchRow(id, { block: 10_000_000 + k, time: first + 12 * k, tx: 99, log: 1 }, { batchNumber: String(k) })] });
    await refreshRollupSnapshot(db, id);
    k++;
    await new Promise((r) => setTimeout(r, Math.max(0, 1_000 - (Date.now() - t0))));
  }
  await db.close();
  process.stdout.write(`WRITTEN ${k - start}\n`);
  process.exit(0);
}

function startWriter(url: string, start: number): { stop(): Promise<number> } {
  const child = spawn(process.execPath, [resolve(fileURLToPath(import.meta.url), '../../bin/run.mjs'), 'bench/api.ts'], {
    cwd: resolve(fileURLToPath(import.meta.url), '../..'),
    env: { ...process.env, BENCH_API_WRITER: JSON.stringify({ url, start, now: NOW }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    async stop() {
      child.kill('SIGTERM');
      await exited;
      return Number(/WRITTEN (\d+)/.exec(out)?.[1] ?? 0);
    },
  };
}

if (process.env.BENCH_API_WRITER) {
  const { url, start, now } = JSON.parse(process.env.BENCH_API_WRITER) as { url: string; start: number; now: number };
  await writerChild(url, start, now);
}

const t = await createTestDatabase();
const results: ReturnType<typeof summary>[] = [];
try {
  console.log(`bench:api — ${ROLLUPS} rollups × ${BATCHES.toLocaleString('en-US')} batches, ${CLIENTS} concurrent clients, ${SECONDS} s per phase`);
  const { rows, seeded, refreshMs } = await seed(t.db);
  console.log(`seeded ${rows.toLocaleString('en-US')} fact rows in ${seeded.toFixed(1)} s; refreshRollupSnapshot takes ${refreshMs.toFixed(1)} ms per rollup`);
  const bodies = ids.map((id) => JSON.stringify({ query: riskEnginePoll, variables: { rollup: id } }));

  const PERIOD = arg('period', 100);
  const phases: [string, ApiTuning, boolean, number][] = [
    ['API default caches, back to back, no new facts', {}, false, 0],
    ['API default caches, back to back, a commit every 1 s', {}, true, 0],
    [`API default caches, each client every ${PERIOD} ms, commits 1/s`, {}, true, PERIOD],
    ['API, response cache off (poll-row cache on), back to back', { responseCache: false }, false, 0],
    ['API, no cache (poll SQL + GraphQL each time), back to back', { responseCache: false, pollCacheMs: 0 }, false, 0],
  ];
  for (const [name, tuning, writes, periodMs] of phases) {
    const db = await openDatabase({ url: t.url, max: 10 });
    const api = createApiServer({ db, registry: new Registry(), logger: createLogger('silent'), readiness: () => ({ ready: true, waitingFor: [] }), monitor: false, ...tuning });
    const { url } = await api.listen(0, '127.0.0.1');
    // New facts come from another process, as from the ingest worker of a deployment where the
    // API runs on its own (the snapshot refresh is that process's work; the API hears of it
    // through NOTIFY, like any replica).
    const writer = writes ? startWriter(t.url, BATCHES) : undefined;
    const r = await runLoad({ mode: 'http', url: `${url}/graphql`, bodies, clients: CLIENTS, warmupMs: WARMUP_MS, durationMs: SECONDS * 1000, periodMs });
    const written = await writer?.stop();
    if (writes && !written) throw new Error('the writer process committed nothing');
    await api.close();
    await db.close();
    results.push(summary(name, r));
  }
  const direct = await runLoad({ mode: 'sql', url: t.url, bodies: [], sql: pollSql, ids, clients: CLIENTS, warmupMs: WARMUP_MS, durationMs: SECONDS * 1000 });
  results.push(summary('direct SQL (postgres.js, pool 10), back to back', direct));
  const directOpen = await runLoad({ mode: 'sql', url: t.url, bodies: [], sql: pollSql, ids, clients: CLIENTS, warmupMs: WARMUP_MS, durationMs: SECONDS * 1000, periodMs: PERIOD });
  results.push(summary(`direct SQL, each client every ${PERIOD} ms`, directOpen));

  const directRps = results[results.length - 2].rps;
  console.log('');
  console.log(`${'phase'.padEnd(62)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'errors'.padStart(7)} ${'vs SQL'.padStart(7)}`);
  for (const x of results) {
    console.log(
      `${x.name.padEnd(62)} ${Math.round(x.rps).toLocaleString('en-US').padStart(9)} ${x.p50.toFixed(2).padStart(8)} ${x.p99.toFixed(2).padStart(8)} ${x.max.toFixed(1).padStart(8)} ${String(x.errors).padStart(7)} ${`${Math.round((100 * x.rps) / directRps)}%`.padStart(7)}`,
    );
  }
  const [, saturated, polled] = results;
  console.log('');
  console.log(`(vs SQL = req/s relative to direct SQL back to back; with ${CLIENTS} closed-loop clients, mean latency = ${CLIENTS} / throughput)`);
  console.log(`goal ≥ 50 % of the direct-SQL rate: ${saturated.rps >= directRps / 2 ? 'met' : 'NOT met'} (${Math.round((100 * saturated.rps) / directRps)} %)`);
  console.log(`goal p99 ≤ 10 ms at ${CLIENTS} clients polling every ${PERIOD} ms: ${polled.p99 <= 10 ? 'met' : 'NOT met'} (${polled.p99.toFixed(2)} ms); back to back: ${saturated.p99.toFixed(2)} ms`);
} finally {
  await t.drop();
}
