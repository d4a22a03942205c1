/**
 * Micro-benchmark: compiled log decoders (src/chain/decode) vs viem decodeEventLog on 200k
 * Arbitrum L1 logs with a mainnet-like mix. Run: `node bin/run.mjs bench/decode.ts [count]`.
 *
 * viem is measured twice: with the full stack ABI (what an indexer would pass; viem hashes every
 * event signature per call to find the match) and with the one-event ABI (viem's best case).
 */
import { decodeEventLog, encodeAbiParameters, encodeEventTopics, type AbiEvent, type Hex } from 'viem';
import { compileEventDecoder, createLogDecoder } from '../src/chain/decode/index.ts';
import { arbitrumEvents } from '../src/stacks/arbitrum/abi.ts';

const total = Number(process.argv[2] ?? 200_000);
const events = arbitrumEvents.filter((e): e is Extract<typeof e, { type: 'event' }> => e.type === 'event') as readonly AbiEvent[];
const byName = (name: string) => events.find((e) => e.name === name)!;

/** Share of each event in the mix (roughly what Arbitrum One's core contracts emit). */
const mix: [string, number][] = [
  ['MessageDelivered', 30], ['InboxMessageDelivered', 30], ['SequencerBatchDelivered', 15], ['OutBoxTransactionExecuted', 10],
  ['SendRootUpdated', 4], ['AssertionCreated', 4], ['AssertionConfirmed', 4], ['NodeCreated', 2], ['EdgeAdded', 1],
];

let seed = 1;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const hex = (n: number) => {
  let s = '0x';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 256).toString(16).padStart(2, '0');
  return s as Hex;
};
function value(p: { type: string; components?: readonly unknown[] }): unknown {
  const arr = /^(.*)\[(\d*)\]$/.exec(p.type);
  if (arr) return Array.from({ length: arr[2] ? Number(arr[2]) : 3 }, () => value({ ...p, type: arr[1]! }));
  if (p.type === 'tuple') return Object.fromEntries((p.components as { name: string; type: string }[]).map((c) => [c.name, value(c)]));
  if (p.type === 'address') return hex(20);
  if (p.type === 'bool') return rand() < 0.5;
  if (p.type === 'bytes') return hex(52 + Math.floor(rand() * 200));
  const fixed = /^bytes(\d+)$/.exec(p.type);
  if (fixed) return hex(Number(fixed[1]));
  const bits = Number(p.type.replace(/^u?int/, '') || 256);
  return BigInt(Math.floor(rand() * 2 ** Math.min(bits, 48)));
}
function makeLog(event: AbiEvent, i: number) {
  const args = Object.fromEntries(event.inputs.map((p) => [p.name, value(p as never)]));
  const topics = encodeEventTopics({ abi: [event], eventName: event.name, args: Object.fromEntries(event.inputs.filter((p) => p.indexed).map((p) => [p.name, args[p.name!]])) } as never) as Hex[];
  const nonIndexed = event.inputs.filter((p) => !p.indexed);
  const data = encodeAbiParameters(nonIndexed, nonIndexed.map((p) => args[p.name!]));
  return { event, topics, data, blockNumber: 20_000_000 + i, transactionHash: hex(32), logIndex: i % 300 };
}

// 10k distinct logs, cycled to `total` (fresh string objects each, so nothing is cached by identity).
const weights = mix.reduce((n, [, w]) => n + w, 0);
const unique: ReturnType<typeof makeLog>[] = [];
for (const [name, w] of mix) for (let i = 0; i < Math.round((10_000 * w) / weights); i++) unique.push(makeLog(byName(name), unique.length));
for (let i = unique.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [unique[i], unique[j]] = [unique[j]!, unique[i]!]; }
const logs = Array.from({ length: total }, (_, i) => {
  const u = unique[i % unique.length]!;
  return { ...u, topics: u.topics.map((t) => (' ' + t).slice(1) as Hex), data: (' ' + u.data).slice(1) as Hex };
});

function measure(label: string, fn: (log: (typeof logs)[number]) => unknown, count = logs.length): number {
  for (let i = 0; i < Math.min(20_000, count); i++) fn(logs[i]!); // warm-up
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) if (fn(logs[i]!)) sink++;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = count / seconds;
  console.log(`${label.padEnd(46)} ${String(Math.round(rate)).padStart(10)} logs/s  (${count} logs in ${seconds.toFixed(3)} s, ${sink === count ? 'ok' : 'MISSING'})`);
  return rate;
}

console.log(`decoding ${total} logs (${unique.length} distinct, ${mix.length} event types) on node ${process.version}\n`);
const registry = createLogDecoder(events);
const registryChecksum = createLogDecoder(events, { addresses: 'checksum' });
const single = new Map(events.map((e) => [e, compileEventDecoder(e)]));

const mine = measure('rollscope createLogDecoder (lowercase)', (l) => registry.decode(l));
const mineChecksum = measure('rollscope createLogDecoder (checksummed)', (l) => registryChecksum.decode(l));
measure('rollscope compileEventDecoder (per event)', (l) => single.get(l.event)!(l));
const viemFull = measure('viem decodeEventLog, full ABI (20k logs)', (l) => decodeEventLog({ abi: events, topics: l.topics as [Hex], data: l.data }), Math.min(total, 20_000));
const viemOne = measure('viem decodeEventLog, one-event ABI', (l) => decodeEventLog({ abi: [l.event], topics: l.topics as [Hex], data: l.data }));

console.log(`\nratio vs viem (one-event ABI): ${(mine / viemOne).toFixed(1)}x lowercase, ${(mineChecksum / viemOne).toFixed(1)}x checksummed`);
console.log(`ratio vs viem (full ABI):      ${(mine / viemFull).toFixed(1)}x lowercase`);
console.log(mine > 100_000 ? 'hot path target met: > 100k logs/s on one core' : 'WARNING: below the 100k logs/s target');
