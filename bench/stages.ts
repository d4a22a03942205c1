/**
 * Ingest stages in isolation: `node bin/run.mjs bench/stages.ts [rounds=30]`.
 * Runs a small devnet `load` scenario (60,000 events), takes its densest eth_getLogs answer of the
 * delayed-inbox source as the node sent it (~15 MB, ~17,500 logs), then times, per log, what the
 * engine does with such an answer in-process: bytes → text, the scan (or, with BENCH_SLOW=1,
 * JSON.parse + parseLogs), the order check, the Arbitrum decode, and encoding the facts to
 * COPY bytes (prepareFacts' encodeRows; nothing is sent). GC time lands in whichever
 * stage triggers it, as in the engine. Run it with the engine's heap:
 * `node --max-old-space-size=128 bin/run.mjs bench/stages.ts`.
 */
import { performance } from 'node:perf_hooks';
import { parseLogs } from '../src/chain/format.ts';
import { byPosition, inPosition } from '../src/chain/logs.ts';
import { scanLogsAnswer, scannedLogs } from '../src/chain/logs-scan.ts';
import { encodeRows } from '../src/db/write.ts';
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
const t = { text: 0, parse: 0, order: 0, decode: 0, encode: 0 };
let logs = 0;
for (let r = 0; r < ROUNDS; r++) {
  let a = performance.now();
  const text = answer.toString('latin1');
  let b = performance.now(); t.text += b - a; a = b;
  const parsed = (slow ? undefined : scanLogsAnswer(text)) ?? JSON.parse(text);
  const result = (parsed as { result: unknown }[])[0]!.result;
  const raw = scannedLogs.has(result as RawLog[]) ? (result as RawLog[]) : parseLogs(result, 'eth_getLogs', {});
  for (const l of raw) l.blockTime = 1_700_000_000;
  b = performance.now(); t.parse += b - a; a = b;
  if (!inPosition(raw)) raw.sort(byPosition);
  b = performance.now(); t.order += b - a; a = b;
  const facts: Facts = await arbitrumStack.decode(rollup, { source, fromBlock: raw[0]!.blockNumber, toBlock: raw[0]!.blockNumber, logs: raw as RawLog[], transactions: new Map() }, ctx);
  b = performance.now(); t.decode += b - a; a = b;
  for (const key of Object.keys(factTables) as (keyof Facts)[]) if (facts[key].length > 0) encodeRows(factTables[key], facts[key] as never);
  b = performance.now(); t.encode += b - a;
  logs += raw.length;
}
const perLog = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round((1000 * v) / logs * 100) / 100]));
console.log(JSON.stringify({
  answer_bytes: answer.length, logs_per_answer: logs / ROUNDS, rounds: ROUNDS, parse: slow ? 'JSON.parse + parseLogs' : 'scan',
  microseconds_per_log: perLog, total_microseconds_per_log: Math.round((1000 * Object.values(t).reduce((x, y) => x + y, 0)) / logs * 100) / 100,
}, null, 2));
process.exit(0);
