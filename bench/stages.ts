/**
 * Ingest stages in isolation: `node bin/run.mjs bench/stages.ts [rounds=30]`.
 * Runs a small devnet `load` scenario (60,000 events), takes its densest eth_getLogs answer of the
 * delayed-inbox source as the node sent it (~15 MB, ~17,500 logs), then times, per log, what the
 * engine does with such an answer in-process: the scan of its bytes to LogColumns, the order
 * check, then slice by slice (cut as the engine cuts a sliceBefore source) making RawLogs, the
 * Arbitrum decode and encoding the facts to COPY bytes (prepareFacts' encodeRows; nothing is
 * sent). BENCH_SLOW=1: the path of answers the scan declines (text, JSON.parse + parseLogs, one
 * decode of the whole answer). GC time lands in whichever stage triggers it, as in the engine;
 * cpu_microseconds_per_log adds V8's helper threads. Run it with the engine's heap:
 * `node --max-old-space-size=128 bin/run.mjs bench/stages.ts`.
 */
import { performance } from 'node:perf_hooks';
import { parseLogs } from '../src/chain/format.ts';
import { byPosition, inPosition } from '../src/chain/logs.ts';
import { scanLogsAnswerColumns, type LogColumns } from '../src/chain/logs-scan.ts';
import { DECODE_SLICE_LOGS, decodeInSlices } from '../src/ingest/slices.ts';
import { encodeRows, releaseEncoded } from '../src/db/write.ts';
import { runScenario } from '../src/devnet/scenarios/index.ts';
import { factTables } from '../src/ingest/tables.ts';
import { arbitrumStack } from '../src/stacks/arbitrum/index.ts';
import type { ArbitrumRollup } from '../src/rollups/types.ts';
import type { DecodeContext, Facts, LogSource, RawLog } from '../src/stacks/types.ts';

const ROUNDS = Number(process.argv[2] ?? 30);
const run = await runScenario('load', { loadEvents: 60_000 });
const l1 = run.truth.chains.find((c) => c.role === 'l1')!;
const rollup = run.truth.rollups.find((r) => r.stack === 'arbitrum')! as ArbitrumRollup;
const source = arbitrumStack.sources(rollup).find((s) => s.id === 'delayed-inbox')! as LogSource;
const post = async (method: string, params: unknown[]) =>
  Buffer.from(await (await fetch(l1.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ jsonrpc: '2.0', id: 1, method, params }]) })).arrayBuffer());
const head = parseInt((JSON.parse((await post('eth_blockNumber', [])).toString()) as { result: string }[])[0]!.result, 16);
let answer = Buffer.alloc(0);
for (let b = 0; b <= head; b++) {
  const q = `0x${b.toString(16)}`;
  const bytes = await post('eth_getLogs', [{ fromBlock: q, toBlock: q, address: source.addresses, topics: [source.topics] }]);
  if (bytes.length > answer.length) answer = bytes;
}
await run.stop();

// The window reads are the only I/O of this decode: answered here, as the node would.
const ctx: DecodeContext = {
  readContract: async <T>() => [86_400n, 10n, 86_400n, 3_600n] as T,
  state: { get: async () => undefined, set: async () => {} },
};
const slow = process.env.BENCH_SLOW === '1';
const SLICE = Number(process.env.BENCH_SLICE ?? DECODE_SLICE_LOGS);
const t = { parse: 0, order: 0, slice: 0, decode: 0, encode: 0 };
let logs = 0;
const cpu0 = process.cpuUsage();
const encode = (facts: Facts) => { for (const key of Object.keys(factTables) as (keyof Facts)[]) if (facts[key].length > 0) releaseEncoded(encodeRows(factTables[key], facts[key] as never)); };
const batchOf = (raw: RawLog[]) => ({ source, fromBlock: raw[0]?.blockNumber ?? 0, toBlock: raw[0]?.blockNumber ?? 0, logs: raw, transactions: new Map() });
for (let r = 0; r < ROUNDS; r++) {
  let a = performance.now();
  let b: number;
  if (slow) {
    // The path of answers the scan declines: text, JSON.parse + parseLogs, one decode of the whole range.
    const raw = parseLogs((JSON.parse(answer.toString('utf8')) as { result: unknown }[])[0]!.result, 'eth_getLogs', {});
    for (const l of raw) l.blockTime = 1_700_000_000;
    b = performance.now(); t.parse += b - a; a = b;
    if (!inPosition(raw)) raw.sort(byPosition);
    b = performance.now(); t.order += b - a; a = b;
    const facts = await arbitrumStack.decode(rollup, batchOf(raw), ctx);
    b = performance.now(); t.decode += b - a; a = b;
    encode(facts);
    t.encode += performance.now() - a;
    logs += raw.length;
    continue;
  }
  const sliceBefore = t.slice;
  const columns = (scanLogsAnswerColumns(answer) as { result: unknown }[])[0]!.result as LogColumns;
  b = performance.now(); t.parse += b - a; a = b;
  if (!columns.inPosition()) throw new Error('the answer is not in block/log order');
  b = performance.now(); t.order += b - a; a = b;
  // As the engine decodes a sliceBefore source (decodeInSlices); making each slice's RawLogs is
  // timed on its own, the decode is the rest of the time between slices.
  const view = {
    count: columns.count,
    topic0: (i: number) => columns.topic0(i),
    slice: (s: number, e: number) => { const c = performance.now(); const raw = columns.slice(s, e, () => 1_700_000_000); t.slice += performance.now() - c; return raw; },
  };
  const batch = { source, fromBlock: columns.blockNumber(0), toBlock: columns.blockNumber(0), logs: [], transactions: new Map() };
  for await (const facts of decodeInSlices(arbitrumStack, rollup, batch, view, ctx, SLICE)) {
    b = performance.now(); t.decode += b - a; a = b;
    encode(facts);
    b = performance.now(); t.encode += b - a; a = b;
  }
  t.decode -= t.slice - sliceBefore;
  logs += columns.count;
  columns.release();
}
const cpu = process.cpuUsage(cpu0);
const perLog = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round((1000 * v) / logs * 100) / 100]));
console.log(JSON.stringify({
  answer_bytes: answer.length, logs_per_answer: logs / ROUNDS, rounds: ROUNDS, parse: slow ? 'JSON.parse + parseLogs, decoded whole' : `scan to columns, decoded in slices of ~${SLICE}`,
  microseconds_per_log: perLog, total_microseconds_per_log: Math.round((1000 * Object.values(t).reduce((x, y) => x + y, 0)) / logs * 100) / 100,
  // Process CPU, V8's GC helper threads included (the stages above are main-thread wall time).
  cpu_microseconds_per_log: Math.round(((cpu.user + cpu.system) / logs) * 100) / 100,
}, null, 2));
process.exit(0);
