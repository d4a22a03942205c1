/**
 * Ingest benchmark: `node bin/run.mjs bench/ingest.ts [events=1000000]`
 * (env: BENCH_ROUNDS=3, BENCH_LOAD=devnet|emitter, BENCH_CONCURRENCY=2, BENCH_TARGET_LOGS=10000, BENCH_HEAP_MB=128, BENCH_HEAVY=1,
 * BENCH_SLICE (logs per decode slice, tuning.decodeSliceLogs), BENCH_SPAN (first eth_getLogs span, also the floor's: 1 block on the devnet load, 5 on the emitter), BENCH_JOB_SPAN=50,
 * BENCH_TSX=1 to run the engine through tsx instead of bundled, BENCH_NODE_FLAGS for the engine's node,
 * BENCH_CPU_PROF=1 for a CPU profile in /tmp/prof, BENCH_RPC_DETAIL=1 for its RPC calls and errors,
 * BENCH_ENGINE_OUT=file to keep the engine process's stdout, e.g. with BENCH_NODE_FLAGS=--trace-gc).
 *
 * Load: the devnet `load` scenario (Arbitrum emulator: delayed-inbox messages, 2 events each,
 * indexed with the real arbitrumStack), or with BENCH_LOAD=emitter (or when the scenario is not
 * available) a minimal emitter contract (LOG2 + 32 bytes, 2,000 per tx) decoded by a one-event stack.
 * The sync engine (embedded queue, fast ABI decoder, bulk writes) indexes everything end to end
 * into a fresh Postgres database in its OWN process, bundled as `rollscope start` runs it after
 * `npm run build`, so its RSS is the engine's. Then, for the same volume, the floors: raw eth_getLogs throughput (fetch +
 * JSON.parse, same filters, span and concurrency) and COPY throughput of the very rows the engine
 * wrote (piped out and COPYed into clones of the fact tables with their keys and indexes).
 * The engine and its floors are measured BENCH_ROUNDS times, each round in a fresh database, one
 * after the other (engine, getLogs, COPY), so that a machine whose speed drifts shows in every
 * round rather than between the engine and its floors; the median ratio is the result.
 * Prints, per round, events/s, the ratio to min(floors), the engine process's peak RSS (sampled every 50 ms) and
 * the CPU seconds of the machine, the engine, anvil and Postgres in each phase (from /proc).
 * The engine process runs as deployments should run workers: `--max-old-space-size=128`
 * (its live set is well below; the limit makes V8 collect instead of growing) and MALLOC_ARENA_MAX=2.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { postgresPool } from '../src/db/socket.ts';
import { pipeline } from 'node:stream/promises';
import { createReadStream, createWriteStream, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAbiItem, toEventSelector, type Address, type Hex } from 'viem';
import type { Queryable } from '../src/db/client.ts';
import type { RollupBinding } from '../src/ingest/sources.ts';
import { factTableNames } from '../src/ingest/tables.ts';
import { createTestDatabase } from '../src/db/testing.ts';
import { openDatabase } from '../src/db/client.ts';
import { compileEventDecoder } from '../src/chain/decode/index.ts';
import { createIngest } from '../src/ingest/engine.ts';
import { DECODE_SLICE_LOGS } from '../src/ingest/slices.ts';
import { emptyFacts, type StackIndexer } from '../src/stacks/types.ts';
import type { ArbitrumRollup, RollupDefinition } from '../src/rollups/types.ts';
import { testRollup } from '../src/ingest/testing/stack.ts';
import { startTestChain, waitFor } from '../src/ingest/testing/chain.ts';
import { emitCalldata } from '../src/ingest/testing/emitter.ts';

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const PER_TX = 2_000;
const CHAIN = 31_400;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
/** Rounds of (engine, getLogs floor, COPY floor); the ratio reported is their median. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`BENCH_ROUNDS must be a whole number ≥ 1, got ${JSON.stringify(process.env.BENCH_ROUNDS)}`);
const TARGET_LOGS = Number(process.env.BENCH_TARGET_LOGS ?? 10_000);
/** V8 old-space limit of the engine process: its live set is ~100 MB; the limit only makes V8 collect before growing. */
const HEAP_MB = Number(process.env.BENCH_HEAP_MB ?? 128);
/** Blocks per eth_getLogs of the emitter load (2,000 logs a block); the devnet load's blocks hold ~17,500 logs each, so 1 there. The floor asks what the engine starts with. */
const SPAN = Number(process.env.BENCH_SPAN ?? Math.max(1, Math.round(TARGET_LOGS / PER_TX)));
const spanOf = (config: { emitter?: unknown }) => (config.emitter ? SPAN : Number(process.env.BENCH_SPAN ?? 1));

const benchEvent = parseAbiItem('event BenchDeposit(uint256 indexed id, uint256 amount)');
const TOPIC = toEventSelector(benchEvent);

const benchStack = (emitter: Address): StackIndexer<ArbitrumRollup> => {
  const decodeBench = compileEventDecoder(benchEvent);
  return {
    stack: 'arbitrum',
    sources: () => [{ kind: 'logs', id: 'bench', chainId: CHAIN, addresses: [emitter], topics: [TOPIC], fromBlock: 0 }],
    async decode(definition, batch) {
      const facts = emptyFacts();
      const rows = facts.bridgeMessages;
      for (const l of batch.logs) {
        const { args } = decodeBench(l);
        rows.push({
          chainId: CHAIN, blockNumber: l.blockNumber, blockHash: l.blockHash, blockTime: l.blockTime,
          txHash: l.transactionHash, txIndex: l.transactionIndex, logIndex: l.logIndex, subIndex: 0,
          rollupId: definition.id, direction: 'DEPOSIT', kind: 'BENCH', messageId: args.id.toString(), stage: 'INITIATED',
          sender: l.address, amount: args.amount.toString(),
        });
      }
      return facts;
    },
  };
};

/**
 * CPU seconds used so far, from /proc: the whole machine (busy = all but idle and iowait) and by
 * program (anvil, postgres — whose postmaster also holds the time of backends that have exited).
 */
function cpuNow(): { machine: number; steal: number; anvil: number; postgres: number } {
  const hz = 100; // USER_HZ on Linux
  // user nice system idle iowait irq softirq steal (guest time is inside user already)
  const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const machine = (f[0] + f[1] + f[2] + f[5] + f[6]) / hz;
  // Time the hypervisor gave to other guests while ours wanted to run: on a shared host it slows
  // every phase, and not evenly, so it is printed with each phase.
  const steal = (f[7] ?? 0) / hz;
  const by = { anvil: 0, postgres: 0 };
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      if (name !== 'anvil' && name !== 'postgres') continue;
      const x = stat.slice(close + 2).split(' ').map(Number);
      by[name] += (x[11] + x[12] + x[13] + x[14]) / hz;
    } catch { /* the process ended meanwhile */ }
  }
  return { machine, steal, ...by };
}
const cpuSince = (a: ReturnType<typeof cpuNow>) => {
  const b = cpuNow();
  return { machine: Math.round((b.machine - a.machine) * 10) / 10, steal: Math.round((b.steal - a.steal) * 10) / 10, anvil: Math.round((b.anvil - a.anvil) * 10) / 10, postgres: Math.round((b.postgres - a.postgres) * 10) / 10 };
};

/** A value in COPY text format. */
const copyText = (v: string | null) => (v === null ? '\\N' : v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')));
const mb = (b: number) => Math.round(b / 1024 / 1024);
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));

interface EngineChildConfig { dbUrl: string; rpcUrl: string; chainId: number; emitter?: Address; rollup?: RollupDefinition }
interface EngineResult { ms: number; logs: number; cpuSeconds: number; rssBeforeMb: number; peakRssMb: number; peakHeapMb: number; stages: Record<string, number> }

async function rollupsOf(config: EngineChildConfig): Promise<RollupBinding[]> {
  if (config.emitter) return [{ definition: testRollup('bench', CHAIN), stack: benchStack(config.emitter) }];
  const { arbitrumStack } = await import('../src/stacks/arbitrum/index.ts');
  return [{ definition: config.rollup!, stack: arbitrumStack }];
}

/** The engine process: indexes everything, prints one JSON line with its measurements. */
async function engineChild(config: EngineChildConfig): Promise<void> {
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  let atPeak = process.memoryUsage();
  // RSS alone every 50 ms (cheap); the full breakdown (it walks V8's heap spaces, ~0.1 s of the
  // engine's CPU per run when taken every time) at a new RSS peak and every 500 ms for the heap's.
  let ticks = 0;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss <= peakRss && ++ticks % 10 !== 0) return;
    const m = process.memoryUsage();
    if (m.rss > peakRss) atPeak = m;
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  const db = await openDatabase({ url: config.dbUrl, max: 8 });
  const registry = new Registry();
  const ingest = createIngest({
    db, logger: pino({ level: process.env.BENCH_LOG_LEVEL ?? 'warn' }, pino.destination(2)), metrics: registry, concurrency: CONCURRENCY,
    chains: [{ chainId: config.chainId, rpcUrls: [config.rpcUrl], finality: { depth: 0 }, pollIntervalMs: 200 }],
    rollups: await rollupsOf(config),
    tuning: { jobSpanBlocks: Number(process.env.BENCH_JOB_SPAN ?? 50), decodeSliceLogs: Number(process.env.BENCH_SLICE ?? DECODE_SLICE_LOGS), initialLogSpan: spanOf(config), targetLogsPerCall: TARGET_LOGS, progress: 'off', heavyRangesInFlight: Number(process.env.BENCH_HEAVY ?? 1) },
  });
  const rssBefore = process.memoryUsage().rss;
  const startMemory = process.memoryUsage();
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  await ingest.start();
  await waitFor(async () => (await ingest.refreshProgress()).synced, { timeoutMs: 900_000, intervalMs: 50, what: 'bench backfill' });
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  await ingest.stop();
  const stages: Record<string, number> = {};
  for (const v of (await registry.getSingleMetric('rollscope_ingest_stage_seconds')!.get()).values) {
    if ((v as { metricName?: string }).metricName?.endsWith('_sum')) stages[String(v.labels.stage)] = Math.round(v.value * 1000) / 1000;
  }
  const rpcCalls: Record<string, number> = {};
  for (const v of (await registry.getSingleMetric('rollscope_rpc_requests_total')!.get()).values) rpcCalls[String(v.labels.method)] = (rpcCalls[String(v.labels.method)] ?? 0) + v.value;
  const rpcErrors: Record<string, number> = {};
  for (const v of (await registry.getSingleMetric('rollscope_rpc_errors_total')!.get()).values) rpcErrors[`${v.labels.method}:${v.labels.kind}`] = v.value;
  if (process.env.BENCH_RPC_DETAIL) console.error('rpc calls by method:', JSON.stringify(rpcCalls), 'errors:', JSON.stringify(rpcErrors));
  let logs = 0;
  for (const v of (await registry.getSingleMetric('rollscope_logs_fetched_total')!.get()).values) logs += v.value;
  await db.close();
  if (process.env.BENCH_MEMORY_DETAIL) console.error('memory at peak RSS (MB):', JSON.stringify(Object.fromEntries(Object.entries(atPeak).map(([k, v]) => [k, mb(v)]))), 'at start:', JSON.stringify(Object.fromEntries(Object.entries(startMemory).map(([k, v]) => [k, mb(v)]))));
  const result: EngineResult = { ms, logs, cpuSeconds: (cpu.user + cpu.system) / 1e6, rssBeforeMb: mb(rssBefore), peakRssMb: mb(peakRss), peakHeapMb: mb(peakHeap), stages };
  process.stdout.write(`ENGINE_RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}

async function runEngineProcess(config: EngineChildConfig): Promise<EngineResult> {
  const root = resolve(fileURLToPath(import.meta.url), '../..');
  // The engine runs bundled, as bin/rollscope.mjs runs it after `npm run build` (no tsx loader
  // thread in the process); BENCH_TSX=1 runs it through tsx instead.
  let entry = [resolve(root, 'bin/run.mjs'), 'bench/ingest.ts'];
  if (process.env.BENCH_TSX !== '1') {
    const { bundle } = (await import(resolve(root, 'scripts/build.mjs'))) as { bundle(o: { entry: string; outfile: string }): Promise<void> };
    await bundle({ entry: 'bench/ingest.ts', outfile: 'dist/bench/ingest.mjs' });
    entry = [resolve(root, 'dist/bench/ingest.mjs')];
  }
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []), ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), ...entry], {
    // The deployment settings the numbers are for: V8 old space 128 MB, two malloc arenas.
    cwd: root, env: { MALLOC_ARENA_MAX: '2', ...process.env, BENCH_ENGINE_CHILD: JSON.stringify(config) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  return new Promise((res, rej) => child.once('exit', (code) => {
    if (process.env.BENCH_ENGINE_OUT) writeFileSync(process.env.BENCH_ENGINE_OUT, out);
    const line = out.split('\n').find((l) => l.startsWith('ENGINE_RESULT '));
    if (code !== 0 || !line) rej(new Error(`engine process exited with ${code}: ${out.slice(-2000)}`));
    else res(JSON.parse(line.slice('ENGINE_RESULT '.length)) as EngineResult);
  }));
}

interface Loaded {
  chainId: number;
  rpcUrl: string;
  child: EngineChildConfig;
  filters: { addresses: Address[]; topics: Hex[]; fromBlock: number }[];
  /** Checks the facts the engine stored against what the load did. */
  verify(db: Queryable): Promise<void>;
  stop(): Promise<void>;
}

const MESSAGE_DELIVERED = '0x5e3c1311ea442664e8b1611bfabef659120ea7a0a2cfc0667700bebc69cbffe1';

async function loadDevnet(dbUrl: string): Promise<Loaded> {
  const { runScenario } = await import('../src/devnet/scenarios/index.ts');
  const run = await runScenario('load', { loadEvents: EVENTS });
  const l1 = run.truth.chains.find((c) => c.role === 'l1')!;
  const rollup = run.truth.rollups.find((r) => r.stack === 'arbitrum')!;
  const { arbitrumStack } = await import('../src/stacks/arbitrum/index.ts');
  const filters = arbitrumStack.sources(rollup as ArbitrumRollup).flatMap((src) => src.kind === 'logs' ? [{ addresses: src.addresses, topics: src.topics, fromBlock: src.fromBlock }] : []);
  const delivered = run.truth.eventCounts.filter((c) => c.topic0 === MESSAGE_DELIVERED).reduce((a, c) => a + c.count, 0);
  return {
    chainId: l1.chainId, rpcUrl: l1.rpcUrl, filters,
    child: { dbUrl, rpcUrl: l1.rpcUrl, chainId: l1.chainId, rollup },
    async verify(db) {
      const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from forced_messages');
      if (n !== delivered) throw new Error(`engine stored ${n} forced messages, the load delivered ${delivered}`);
    },
    stop: () => run.stop(),
  };
}

async function loadEmitter(dbUrl: string): Promise<Loaded> {
  const chain = await startTestChain(CHAIN);
  const emitter = await chain.deployEmitter();
  const hashes: `0x${string}`[] = [];
  for (let start = 0; start < EVENTS; start += PER_TX) {
    const end = Math.min(EVENTS, start + PER_TX);
    hashes.push(await chain.wallet.sendTransaction({ account: chain.account, chain: null, to: emitter, data: emitCalldata({ start, end, topic: TOPIC }), gas: BigInt(80_000 + (end - start) * 1_600) }));
  }
  const first = Number((await chain.client.waitForTransactionReceipt({ hash: hashes[0], pollingInterval: 50 })).blockNumber);
  await waitFor(async () => Number(await chain.client.getBlockNumber({ cacheTime: 0 })) >= first + hashes.length - 1, { what: 'load mined' });
  return {
    chainId: CHAIN, rpcUrl: chain.anvil.rpcUrl, filters: [{ addresses: [emitter], topics: [TOPIC], fromBlock: 0 }],
    child: { dbUrl, rpcUrl: chain.anvil.rpcUrl, chainId: CHAIN, emitter },
    async verify(db) {
      const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from bridge_messages');
      if (n !== EVENTS) throw new Error(`engine stored ${n} facts, expected ${EVENTS}`);
    },
    stop: () => chain.stop(),
  };
}

/** One round: the engine into a fresh database, then both floors on the same volume. */
async function runRound(loaded: Loaded, head: number, tdb: Awaited<ReturnType<typeof createTestDatabase>>): Promise<Record<string, unknown> & { ratio: number; eventsPerSecond: number; peakRssMb: number }> {
  // 2. The engine, end to end, in its own process.
  const cpuEngine0 = cpuNow();
  const engine = await runEngineProcess({ ...loaded.child, dbUrl: tdb.url });
  const cpuEngine = cpuSince(cpuEngine0);
  await loaded.verify(tdb.db);
  console.log(`engine: ${engine.logs} events in ${Math.round(engine.ms)} ms`);
  const rpc = loaded.rpcUrl;

  // 3. Floor: raw eth_getLogs (fetch + JSON.parse) of the same filters, same span and concurrency.
  const t1 = performance.now();
  const cpuGetLogs0 = cpuNow();
  let fetched = 0;
  const calls: { f: number; t: number; filter: Loaded['filters'][number] }[] = [];
  const spanBlocks = spanOf(loaded.child);
  for (const filter of loaded.filters) for (let f = filter.fromBlock; f <= head; f += spanBlocks) calls.push({ f, t: Math.min(head, f + spanBlocks - 1), filter });
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < calls.length) {
      const { f, t, filter } = calls[next++];
      const res = await fetch(rpc, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getLogs', params: [{ address: filter.addresses, topics: [filter.topics], fromBlock: `0x${f.toString(16)}`, toBlock: `0x${t.toString(16)}` }] }) });
      const body = (await res.json()) as { result?: unknown[]; error?: unknown };
      if (!body.result) throw new Error(`eth_getLogs [${f}, ${t}] failed: ${JSON.stringify(body.error)}`);
      fetched += body.result.length;
    }
  }));
  const getLogsMs = performance.now() - t1;
  const cpuGetLogs = cpuSince(cpuGetLogs0);
  if (fetched !== engine.logs) throw new Error(`floor fetched ${fetched} logs, the engine ${engine.logs}`);
  console.log(`floor eth_getLogs: ${fetched} logs in ${Math.round(getLogsMs)} ms`);

  // 4. Floor: COPY of the very rows the engine wrote into clones of their tables (same keys and indexes).
  const sql = postgresPool(tdb.url, { max: 2 });
  let copied = 0;
  let copyMs = 0;
  let copyPostgresCpu = 0;
  let copySteal = 0;
  const file = join(tmpdir(), `rollscope-bench-copy-${process.pid}.tsv`);
  for (const table of factTableNames) {
    const [{ n }] = await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${table}`);
    if (n === 0) continue;
    // Write the rows out as COPY text first (not timed), then time only COPY FROM into a clone with the same keys and indexes.
    const columns = (await sql.unsafe<{ name: string }[]>(`select attname as name from pg_attribute where attrelid = '${table}'::regclass and attnum > 0 and not attisdropped order by attnum`)).map((c) => c.name);
    const out = createWriteStream(file);
    for await (const rows of sql.unsafe(`select ${columns.map((c) => `"${c}"::text`).join(', ')} from ${table}`).cursor(10_000)) {
      let text = '';
      for (const row of rows as Record<string, string | null>[]) text += columns.map((c) => copyText(row[c])).join('\t') + '\n';
      if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r, j) => out.end((err?: Error | null) => (err ? j(err) : r())));
    await sql.unsafe(`create table copy_floor (like ${table} including all)`);
    const t2 = performance.now();
    const cpuCopy0 = cpuNow();
    const writable = await sql.unsafe(`copy copy_floor (${columns.map((c) => `"${c}"`).join(', ')}) from stdin`).writable();
    await pipeline(createReadStream(file), writable);
    copyMs += performance.now() - t2;
    const copyCpu = cpuSince(cpuCopy0);
    copyPostgresCpu += copyCpu.postgres;
    copySteal += copyCpu.steal;
    copied += n;
    await sql.unsafe('drop table copy_floor');
  }
  await rm(file, { force: true });
  await sql.end({ timeout: 2 });
  console.log(`floor COPY: ${copied} rows in ${Math.round(copyMs)} ms`);

  // Both floors in events per second: the time to move this run's events (or the fact rows they became).
  const floors = { getLogs: rate(fetched, getLogsMs), copy: rate(engine.logs, copyMs) };
  const eventsPerSecond = rate(engine.logs, engine.ms);
  const floor = Math.min(floors.getLogs, floors.copy);
  const ratio = Math.round((eventsPerSecond / floor) * 100) / 100;
  return {
    ratio, eventsPerSecond, peakRssMb: engine.peakRssMb,
    load: loaded.child.emitter ? 'emitter' : 'devnet load scenario (arbitrumStack)',
    events: engine.logs,
    fact_rows: copied,
    concurrency: CONCURRENCY,
    engine_events_per_s: eventsPerSecond,
    engine_seconds: Math.round(engine.ms) / 1000,
    floor_eth_getLogs_events_per_s: floors.getLogs,
    floor_copy_events_per_s: floors.copy,
    floor_copy_rows_per_s: rate(copied, copyMs),
    ratio_to_min_floor: ratio,
    engine_peak_rss_mb: engine.peakRssMb,
    engine_rss_at_start_mb: engine.rssBeforeMb,
    engine_peak_heap_used_mb: engine.peakHeapMb,
    engine_heap_limit_mb: HEAP_MB,
    engine_process_cpu_seconds: Math.round(engine.cpuSeconds * 100) / 100,
    stage_seconds_summed_over_jobs: engine.stages,
    // Where the CPU went (seconds): 2 cores give 2 s of CPU per second of wall time.
    cpu_seconds_engine_run: { wall: Math.round(engine.ms / 100) / 10, machine_busy: cpuEngine.machine, machine_steal: cpuEngine.steal, engine: Math.round(engine.cpuSeconds * 10) / 10, anvil: cpuEngine.anvil, postgres: cpuEngine.postgres },
    cpu_seconds_getLogs_floor: { wall: Math.round(getLogsMs / 100) / 10, machine_busy: cpuGetLogs.machine, machine_steal: cpuGetLogs.steal, anvil: cpuGetLogs.anvil },
    cpu_seconds_copy_floor: { wall: Math.round(copyMs / 100) / 10, machine_steal: Math.round(copySteal * 10) / 10, postgres: Math.round(copyPostgresCpu * 10) / 10 },
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const tdb = await createTestDatabase();
  let loaded: Loaded | undefined;
  try {
    // 1. Load.
    const t0 = performance.now();
    const mode = process.env.BENCH_LOAD ?? 'devnet';
    if (mode === 'devnet') {
      try {
        loaded = await loadDevnet(tdb.url);
      } catch (err) {
        console.log(`devnet load scenario unavailable (${(err as Error).message}); using the emitter load`);
      }
    }
    loaded ??= await loadEmitter(tdb.url);
    const rpc = loaded.rpcUrl;
    const head = parseInt(((await (await fetch(rpc, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }) })).json()) as { result: string }).result, 16);
    console.log(`load (${loaded.child.emitter ? 'emitter' : 'devnet load scenario'}): up to block ${head}, ${Math.round(performance.now() - t0)} ms`);

    // 2–4, ROUNDS times: each round measures the engine and then its floors, so a machine whose
    // speed drifts is seen in every round; the median ratio is the result.
    const results: Awaited<ReturnType<typeof runRound>>[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const db = round === 1 ? tdb : await createTestDatabase();
      try {
        const { ratio, eventsPerSecond, peakRssMb, ...figures } = await runRound(loaded, head, db);
        results.push({ ratio, eventsPerSecond, peakRssMb, ...figures });
        console.log(`round ${round} of ${ROUNDS}: ${JSON.stringify(figures, null, 2)}`);
      } finally {
        if (db !== tdb) await db.drop();
      }
    }
    console.log(JSON.stringify({
      rounds: ROUNDS,
      events: results[0].events,
      ratio_to_min_floor_per_round: results.map((r) => r.ratio),
      ratio_to_min_floor_median: median(results.map((r) => r.ratio)),
      engine_events_per_s_per_round: results.map((r) => r.eventsPerSecond),
      engine_events_per_s_median: median(results.map((r) => r.eventsPerSecond)),
      engine_peak_rss_mb_max: Math.max(...results.map((r) => r.peakRssMb)),
    }, null, 2));
  } finally {
    await loaded?.stop();
    await tdb.drop();
  }
}

if (process.env.BENCH_ENGINE_CHILD) await engineChild(JSON.parse(process.env.BENCH_ENGINE_CHILD) as EngineChildConfig);
else await main();
