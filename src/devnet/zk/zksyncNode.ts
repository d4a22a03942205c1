/**
 * The devnet's zkSync L2 node: a JSON-RPC endpoint in front of the zkSync L2 anvil that adds the
 * `zks_` methods the indexer reads, answered from the simulator's sealed batches, and forwards
 * everything else (eth_chainId, eth_getBlockByNumber, ...) to the anvil.
 *
 * - `zks_getL1BatchBlockRange(n)` => [firstHex, lastHex] of L1 batch n, or null when unknown
 *   (the real node's answer shape: block numbers as 0x-hex strings).
 * - `zks_L1BatchNumber()` => the latest sealed batch number, hex.
 * Single and batched JSON-RPC requests; listens on 127.0.0.1, a free port.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ZkSyncNode {
  url: string;
  /** Closes the server (idempotent). */
  stop(): Promise<void>;
}

interface Call { jsonrpc: '2.0'; id: unknown; method: string; params?: unknown[] }

const hex = (n: number) => `0x${n.toString(16)}`;

export async function startZkSyncNode(opts: {
  upstream: string;
  /** Inclusive L2 block range of sealed batch n, or undefined when the node does not know it. */
  batchRange: (n: number) => readonly [number, number] | undefined;
  lastBatch: () => number;
}): Promise<ZkSyncNode> {
  const local = (call: Call): unknown | undefined => {
    if (call.method === 'zks_getL1BatchBlockRange') {
      const raw = call.params?.[0];
      const n = typeof raw === 'string' ? Number(BigInt(raw)) : Number(raw);
      if (!Number.isSafeInteger(n) || n < 0) return { jsonrpc: '2.0', id: call.id, error: { code: -32602, message: `invalid batch number ${String(raw)}` } };
      const r = opts.batchRange(n);
      return { jsonrpc: '2.0', id: call.id, result: r ? [hex(r[0]), hex(r[1])] : null };
    }
    if (call.method === 'zks_L1BatchNumber') return { jsonrpc: '2.0', id: call.id, result: hex(opts.lastBatch()) };
    return undefined;
  };

  const answer = async (calls: Call[]): Promise<unknown[]> => {
    const out: unknown[] = calls.map(local);
    const forward = calls.filter((_, i) => out[i] === undefined);
    if (forward.length > 0) {
      const res = await fetch(opts.upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(forward) });
      const answers = (await res.json()) as { id: unknown }[];
      const byId = new Map(answers.map((a) => [JSON.stringify(a.id), a]));
      calls.forEach((c, i) => {
        if (out[i] === undefined) out[i] = byId.get(JSON.stringify(c.id)) ?? { jsonrpc: '2.0', id: c.id, error: { code: -32603, message: 'no answer from the L2 anvil' } };
      });
    }
    return out;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      let body: string;
      try {
        const parsed = JSON.parse(Buffer.concat(chunks).toString()) as Call | Call[];
        const calls = Array.isArray(parsed) ? parsed : [parsed];
        const answers = await answer(calls);
        body = JSON.stringify(Array.isArray(parsed) ? answers : answers[0]);
      } catch (e) {
        body = JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: `zkSync devnet node: ${(e as Error).message}` } });
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return stopped;
    },
  };
}
