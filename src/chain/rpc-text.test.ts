/** Answer bytes become text: ASCII byte for byte, anything else as UTF-8. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRpcClient } from './rpc.ts';
import { startLocalEndpoint, type LocalEndpoint } from './testing/endpoint.ts';

let endpoint: LocalEndpoint;
let url = '';
beforeAll(async () => {
  endpoint = await startLocalEndpoint((body, res) => {
    const call = JSON.parse(body) as { id: number; params: string[] };
    const answer = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: call.id, result: call.params[0] }), 'utf8');
    // Declared length or not: both reads of the body.
    res.writeHead(200, { 'content-type': 'application/json', ...(call.params[1] ? { 'content-length': String(answer.length) } : {}) });
    res.end(answer);
  });
  url = endpoint.url;
});
afterAll(() => endpoint.close());

describe('answer text', () => {
  it('reads ASCII and UTF-8 answers exactly, with and without a declared length', async () => {
    const rpc = createRpcClient({ chainId: 1, urls: [url], timeoutMs: 5_000 });
    for (const declared of ['', 'yes']) {
      for (const value of ['0xdeadbeef', 'héllo wörld 🚀 ☃', 'x'.repeat(3_000_000) + 'é']) {
        expect(await rpc.request('echo', [value, declared])).toBe(value);
      }
    }
  });
});
