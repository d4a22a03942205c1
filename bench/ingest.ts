/**
 * Ingest benchmark: `node bin/run.mjs bench/ingest.ts [events=1000000]`
 * (env: BENCH_CONCURRENCY=2, BENCH_TARGET_LOGS=10000, BENCH_HEAP_MB=192).
 *
 * Emits N events on a local anvil (the emitter contract: LOG2(topic0, id) + 32 bytes of data,
 * 2,000 per transaction), then indexes them end to end into a fresh Postgres database with the
 * sync engine (embedded queue, fast ABI decoder, bulk writes) in its OWN process, as
 * `rollscope start` runs it, so its RSS is the engine's. Then measures, for the same volume, the
 * floors: raw eth_getLogs throughput (fetch + JSON.parse, same span and concurrency) and COPY
 * throughput of the same rows into a copy of the fact table with its keys and indexes.
 * Prints events/s, the ratio to min(floors) and the engine process's peak RSS (sampled every 50 ms).
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import postgres from 'postgres';
import { parseAbiItem, toEventSelector, type Address } from 'viem';
import { createTestDatabase } from '../src/db/testing.ts';
import { openDatabase } from '../src/db/client.ts';
import { compileEventDecoder } from '../src/chain/decode/index.ts';
import { createIngest } from '../src/ingest/engine.ts';
import { emptyFacts, type StackIndexer } from '../src/stacks/types.ts';
import type { ArbitrumRollup } from '../src/rollups/types.ts';
import { testRollup } from '../src/ingest/testing/stack.ts';
import { startTestChain, waitFor } from '../src/ingest/testing/chain.ts';
import { emitCalldata } from '../src/ingest/testing/emitter.ts';

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const PER_TX = 2_000;
const CHAIN = 31_400;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
const TARGET_LOGS = Number(process.env.BENCH_TARGET_LOGS ?? 10_000);
/** V8 old-space limit of the engine process: its live set is ~100 MB; the limit only makes V8 collect before growing. */
const HEAP_MB = Number(process.env.BENCH_HEAP_MB ?? 192);
const SPAN = Math.max(1, Math.round(TARGET_LOGS / PER_TX)); // blocks per eth_getLogs: the floor asks what the engine aims at

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

const mb = (b: number) => Math.round(b / 1024 / 1024);
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));

interface EngineChildConfig { dbUrl: string; rpcUrl: string; emitter: Address; events: number }
interface EngineResult { ms: number; cpuSeconds: number; rssBeforeMb: number; peakRssMb: number; peakHeapMb: number; stages: Record<string, number> }

/** The engine process: indexes everything, prints one JSON line with its measurements. */
async function engineChild(config: EngineChildConfig): Promise<void> {
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  const db = await openDatabase({ url: config.dbUrl, max: 8 });
  const registry = new Registry();
  const ingest = createIngest({
    db, logger: pino({ level: 'warn' }), metrics: registry, concurrency: CONCURRENCY,
    chains: [{ chainId: CHAIN, rpcUrls: [config.rpcUrl], finality: { depth: 0 }, pollIntervalMs: 200 }],
    rollups: [{ definition: testRollup('bench', CHAIN), stack: benchStack(config.emitter) }],
    tuning: { jobSpanBlocks: 50, initialLogSpan: SPAN, targetLogsPerCall: TARGET_LOGS, progress: 'off' },
  });
  const rssBefore = process.memoryUsage().rss;
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
  const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from bridge_messages');
  await db.close();
  if (n !== config.events) throw new Error(`engine stored ${n} facts, expected ${config.events}`);
  const result: EngineResult = { ms, cpuSeconds: (cpu.user + cpu.system) / 1e6, rssBeforeMb: mb(rssBefore), peakRssMb: mb(peakRss), peakHeapMb: mb(peakHeap), stages };
  process.stdout.write(`ENGINE_RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}

function runEngineProcess(config: EngineChildConfig): Promise<EngineResult> {
  const root = resolve(fileURLToPath(import.meta.url), '../..');
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), resolve(root, 'bin/run.mjs'), 'bench/ingest.ts'], {
    cwd: root, env: { ...process.env, BENCH_ENGINE_CHILD: JSON.stringify(config) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  return new Promise((res, rej) => child.once('exit', (code) => {
    const line = out.split('\n').find((l) => l.startsWith('ENGINE_RESULT '));
    if (code !== 0 || !line) rej(new Error(`engine process exited with ${code}: ${out.slice(-2000)}`));
    else res(JSON.parse(line.slice('ENGINE_RESULT '.length)) as EngineResult);
  }));
}

async function main(): Promise<void> {
  const chain = await startTestChain(CHAIN);
  const tdb = await createTestDatabase();
  try {
    // 1. Load: N events, PER_TX per transaction (one block each).
    const t0 = performance.now();
    const emitter = await chain.deployEmitter();
    const hashes: `0x${string}`[] = [];
    for (let start = 0; start < EVENTS; start += PER_TX) {
      const end = Math.min(EVENTS, start + PER_TX);
      hashes.push(await chain.wallet.sendTransaction({ account: chain.account, chain: null, to: emitter, data: emitCalldata({ start, end, topic: TOPIC }), gas: BigInt(80_000 + (end - start) * 1_600) }));
    }
    const first = Number((await chain.client.waitForTransactionReceipt({ hash: hashes[0], pollingInterval: 50 })).blockNumber);
    await waitFor(async () => Number(await chain.client.getBlockNumber({ cacheTime: 0 })) >= first + hashes.length - 1, { what: 'load mined' });
    const head = Number(await chain.client.getBlockNumber({ cacheTime: 0 }));
    console.log(`load: ${EVENTS} events in ${hashes.length} txs / ${head} blocks, ${Math.round(performance.now() - t0)} ms`);

    // 2. The engine, end to end, in its own process.
    const engine = await runEngineProcess({ dbUrl: tdb.url, rpcUrl: chain.anvil.rpcUrl, emitter, events: EVENTS });

    // 3. Floor: raw eth_getLogs (fetch + JSON.parse), same span and concurrency as the engine.
    const t1 = performance.now();
    let fetched = 0;
    const ranges: [number, number][] = [];
    for (let f = 0; f <= head; f += SPAN) ranges.push([f, Math.min(head, f + SPAN - 1)]);
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < ranges.length) {
        const [f, t] = ranges[next++];
        const res = await fetch(chain.anvil.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getLogs', params: [{ address: emitter, topics: [TOPIC], fromBlock: `0x${f.toString(16)}`, toBlock: `0x${t.toString(16)}` }] }) });
        const body = (await res.json()) as { result?: unknown[]; error?: unknown };
        if (!body.result) throw new Error(`eth_getLogs [${f}, ${t}] failed: ${JSON.stringify(body.error)}`);
        fetched += body.result.length;
      }
    }));
    const getLogsMs = performance.now() - t1;
    if (fetched !== EVENTS) throw new Error(`floor fetched ${fetched} logs, expected ${EVENTS}`);

    // 4. Floor: COPY of the same volume of fact rows (same columns) into a copy of the table with its keys and indexes.
    const sql = postgres(tdb.url, { max: 1, onnotice: () => {} });
    await sql.unsafe('create table copy_floor (like bridge_messages including all)');
    const t2 = performance.now();
    const writable = await sql.unsafe(`copy copy_floor (chain_id, block_number, block_hash, block_time, tx_hash, tx_index, log_index, sub_index, rollup_id, direction, kind, message_id, stage, sender, amount) from stdin`).writable();
    const hash = `0x${'ab'.repeat(32)}`;
    await new Promise<void>((resolveCopy, reject) => {
      writable.on('error', reject);
      writable.on('finish', () => resolveCopy());
      let i = 0;
      const write = () => {
        let ok = true;
        while (i < EVENTS && ok) {
          let chunk = '';
          for (let k = 0; k < 1_000 && i < EVENTS; k++, i++) {
            chunk += `${CHAIN}\t${Math.floor(i / PER_TX) + 2}\t${hash}\t1735689600\t${hash}\t0\t${i % PER_TX}\t0\tbench\tDEPOSIT\tBENCH\t${i}\tINITIATED\t${emitter}\t${i}\n`;
          }
          ok = writable.write(chunk);
        }
        if (i < EVENTS) writable.once('drain', write);
        else writable.end();
      };
      write();
    });
    const copyMs = performance.now() - t2;
    await sql.unsafe('drop table copy_floor');
    await sql.end();

    const floors = { getLogs: rate(EVENTS, getLogsMs), copy: rate(EVENTS, copyMs) };
    const eventsPerSecond = rate(EVENTS, engine.ms);
    const floor = Math.min(floors.getLogs, floors.copy);
    console.log(JSON.stringify({
      events: EVENTS,
      concurrency: CONCURRENCY,
      engine_events_per_s: eventsPerSecond,
      engine_seconds: Math.round(engine.ms) / 1000,
      floor_eth_getLogs_events_per_s: floors.getLogs,
      floor_copy_rows_per_s: floors.copy,
      ratio_to_min_floor: Math.round((eventsPerSecond / floor) * 100) / 100,
      engine_peak_rss_mb: engine.peakRssMb,
      engine_rss_at_start_mb: engine.rssBeforeMb,
      engine_peak_heap_used_mb: engine.peakHeapMb,
      engine_heap_limit_mb: HEAP_MB,
      engine_process_cpu_seconds: Math.round(engine.cpuSeconds * 100) / 100,
      stage_seconds_summed_over_jobs: engine.stages,
    }, null, 2));
  } finally {
    await chain.stop();
    await tdb.drop();
  }
}

if (process.env.BENCH_ENGINE_CHILD) await engineChild(JSON.parse(process.env.BENCH_ENGINE_CHILD) as EngineChildConfig);
else await main();
