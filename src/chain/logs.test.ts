/** eth_getLogs spans against a local JSON-RPC endpoint whose multi-block answers declare a size. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRangeSizer, getLogsAdaptive, MAX_LOGS_RESPONSE_BYTES } from './logs.ts';
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
