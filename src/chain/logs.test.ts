/** eth_getLogs spans against a local JSON-RPC endpoint whose multi-block answers declare a size. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRangeSizer, getLogsAdaptive, getLogsInRange, MAX_LOGS_RESPONSE_BYTES } from './logs.ts';
import type { RawLog } from '../stacks/types.ts';
import { createRpcClient } from './rpc.ts';
import { startLocalEndpoint, type LocalEndpoint } from './testing/endpoint.ts';

const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const spans: number[] = [];
let endpoint: LocalEndpoint;
let url = '';

beforeAll(async () => {
  // Each block's logs take 0.4 of the limit: answers of more than 2 blocks are refused by their
  // declared size before a byte of them is read.
  endpoint = await startLocalEndpoint((body, res) => {
    const calls = JSON.parse(body) as { id: number; method: string; params: any[] }[];
    const logs = calls.find((c) => c.method === 'eth_getLogs')!;
    const from = parseInt(logs.params[0].fromBlock, 16);
    const to = parseInt(logs.params[0].toBlock, 16);
    spans.push(to - from + 1);
    if (to - from + 1 > 2) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Math.ceil((to - from + 1) * MAX_LOGS_RESPONSE_BYTES * 0.4)) });
      res.write('[');
      return; // never completed: the client must give up on the declared size alone
    }
    const answers = calls.map((c) =>
      c.method === 'eth_getLogs'
        ? { jsonrpc: '2.0', id: c.id, result: [] }
        : { jsonrpc: '2.0', id: c.id, result: { number: c.params[0], hash: hash(parseInt(c.params[0], 16) + 1), parentHash: hash(parseInt(c.params[0], 16)), timestamp: '0x10' } },
    );
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answers));
  });
  url = endpoint.url;
});
afterAll(() => endpoint.close());

describe('oversize eth_getLogs answers', () => {
  it('shrink the span in one step to what the declared size allows; a refused span is not asked again', async () => {
    const rpc = createRpcClient({ chainId: 1, urls: [url], timeoutMs: 5_000 });
    const sizer = createRangeSizer({ initial: 64, targetLogs: 1_000 });
    const asked: number[][] = [];
    let from = 0;
    for (let call = 0; call < 7; call++) {
      spans.length = 0;
      const r = await getLogsAdaptive(rpc, { topics: [hash(7) as `0x${string}`] }, from, 999, sizer);
      expect(r.fromBlock).toBe(from);
      asked.push([...spans]);
      from = r.toBlock + 1;
    }
    // 64 blocks declared 25.6× the limit: 64 / 25.6 / 2 (margin) → 1 block, not 32, 16, … first.
    // Empty answers would double the span, but the refusal said 1 block is what fits: it stays
    // there (until 32 clean answers relax the ceiling), and nothing is refused again.
    expect(asked).toEqual([[64, 1], [1], [1], [1], [1], [1], [1]]);
    expect(from).toBe(7);
  });
});

describe('eth_getLogs answers kept as columns', () => {
  const ADDRESS = '0x2222222222222222222222222222222222222222';
  const TOPIC = hash(0xfeed);
  /** Block n's logs: 2,500 (over 1 MB of answer, so its memory comes from the answer pool). */
  const logsOf = (n: number, over: (i: number) => Record<string, unknown> = () => ({})) => Array.from({ length: 2_500 }, (_, i) => ({
    address: ADDRESS, topics: [TOPIC, hash(n * 10_000 + i)], data: `0x${(n * 10_000 + i).toString(16).padStart(320, '0')}`,
    blockNumber: `0x${n.toString(16)}`, blockHash: hash(n + 1), transactionHash: hash(n * 10_000 + i), transactionIndex: `0x${i.toString(16)}`, logIndex: `0x${i.toString(16)}`, removed: false, ...over(i),
  }));
  let columnsEndpoint: LocalEndpoint;
  let answerFor: (n: number) => unknown[] = logsOf;
  beforeAll(async () => {
    columnsEndpoint = await startLocalEndpoint((body, res) => {
      const calls = JSON.parse(body) as { id: number; method: string; params: any[] }[];
      const text = JSON.stringify(calls.map((c) => c.method === 'eth_getLogs'
        ? { jsonrpc: '2.0', id: c.id, result: answerFor(parseInt(c.params[0].fromBlock, 16)) }
        : { jsonrpc: '2.0', id: c.id, result: { number: c.params[0], hash: hash(parseInt(c.params[0], 16) + 1), parentHash: hash(parseInt(c.params[0], 16)), timestamp: '0x10' } }));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
      res.end(text);
    });
  });
  afterAll(() => columnsEndpoint.close());
  const expected = (n: number) => logsOf(n).map((l) => ({ ...l, blockNumber: n, transactionIndex: parseInt(l.transactionIndex, 16), logIndex: parseInt(l.logIndex, 16) }));
  const fields = (l: RawLog) => ({ address: l.address, topics: l.topics, data: l.data, blockNumber: l.blockNumber, blockHash: l.blockHash, transactionHash: l.transactionHash, transactionIndex: l.transactionIndex, logIndex: l.logIndex, removed: false });

  it('hold their answer until released: a later answer never overwrites logs still to be read', async () => {
    answerFor = logsOf;
    const rpc = createRpcClient({ chainId: 1, urls: [columnsEndpoint.url], timeoutMs: 5_000 });
    const filter = { addresses: [ADDRESS as `0x${string}`], topics: [TOPIC as `0x${string}`] };
    const a = await getLogsInRange(rpc, filter, 5, 5, { columns: true });
    expect(a.logs).toEqual([]);
    const b = await getLogsInRange(rpc, filter, 6, 6, { columns: true });
    expect(a.columns!.slice(0, a.columns!.count).map(fields)).toEqual(expected(5));
    a.columns!.release();
    // c may take a's memory now; b's is still held.
    const c = await getLogsInRange(rpc, filter, 7, 7, { columns: true });
    expect(b.columns!.slice(0, b.columns!.count).map(fields)).toEqual(expected(6));
    expect(c.columns!.slice(0, c.columns!.count).map(fields)).toEqual(expected(7));
    expect(() => a.columns!.slice(0, 1)).toThrow(/after release/);
  });

  it('are checked like RawLogs: a log outside the filter is refused, logs out of order come back sorted', async () => {
    const rpc = createRpcClient({ chainId: 1, urls: [columnsEndpoint.url], timeoutMs: 5_000, attempts: 1 });
    const filter = { addresses: [ADDRESS as `0x${string}`], topics: [TOPIC as `0x${string}`] };
    answerFor = (n) => logsOf(n, (i) => (i === 2_000 ? { address: '0x3333333333333333333333333333333333333333' } : {}));
    await expect(getLogsInRange(rpc, filter, 5, 5, { columns: true })).rejects.toThrow(/address not asked for/);
    answerFor = (n) => logsOf(n, (i) => (i === 1_000 ? { topics: [hash(0xbeef)] } : {}));
    await expect(getLogsInRange(rpc, filter, 5, 5, { columns: true })).rejects.toThrow(/topic not asked for/);
    answerFor = (n) => logsOf(n, (i) => (i === 10 ? { blockHash: hash(99) } : {}));
    await expect(getLogsInRange(rpc, filter, 5, 5, { columns: true })).rejects.toThrow(/blockHash differs/);
    answerFor = (n) => logsOf(n).reverse();
    const sorted = await getLogsInRange(rpc, filter, 5, 5, { columns: true });
    expect(sorted.columns).toBeUndefined();
    expect(sorted.logs.map(fields)).toEqual(expected(5));
  });
});
