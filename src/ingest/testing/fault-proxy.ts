/**
 * A JSON-RPC proxy in front of a node that injects the faults of real providers, for tests:
 * timeouts (no answer), HTTP 429 and 502, truncated JSON, a lagging node (head and data behind by
 * `lagBlocks`), logs with a wrong blockHash, and provider limits on eth_getLogs (result count and
 * block span). Counts what it injected. Listens on 127.0.0.1, a free port.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultKind = 'timeout' | 'rate_limit' | 'http_5xx' | 'truncated' | 'lagging' | 'bad_hash';

export interface FaultProxyOptions {
  upstream: string;
  /** Probability of each fault per HTTP request. */
  rates: Partial<Record<FaultKind, number>>;
  lagBlocks?: number;
  /** Provider limits: more logs than this → "query returned more than N results". */
  maxLogs?: number;
  /** Wider eth_getLogs spans than this → "block range too large". */
  maxRange?: number;
  /** How long a "timeout" holds the request before dropping it. */
  holdMs?: number;
  /** Inject every kind of `rates` at least once, in turn, before drawing at random. */
  forceEach?: boolean;
  /** A lagging node stays behind for this many requests once it starts lagging (default 5). */
  lagRequests?: number;
  /** Methods always answered with this JSON-RPC error message (e.g. a pruned node's "missing trie node"). */
  rejectMethods?: Record<string, string>;
}

export interface FaultProxy {
  url: string;
  injected: Record<FaultKind | 'range_limit', number>;
  /** Turns fault injection on/off (limits stay on). */
  setEnabled(on: boolean): void;
  /** The next `requests` requests come from a lagging node. */
  lagNext(requests: number): void;
  close(): Promise<void>;
}

interface Call { jsonrpc: '2.0'; id: unknown; method: string; params: unknown[] }

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const injected: FaultProxy['injected'] = { timeout: 0, rate_limit: 0, http_5xx: 0, truncated: 0, lagging: 0, bad_hash: 0, range_limit: 0 };
  let enabled = true;
  const pending = new Set<NodeJS.Timeout>();

  const upstream = async (body: unknown): Promise<unknown> => {
    const res = await fetch(opts.upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return res.json();
  };

  const forced: FaultKind[] = opts.forceEach ? (Object.keys(opts.rates) as FaultKind[]) : [];
  let lagging = 0;
  /** The last pick came from `forced` (an unapplied forced bad_hash goes back to the list, a random one does not). */
  let pickedForced = false;
  const pick = (calls: Call[]): FaultKind | undefined => {
    pickedForced = false;
    if (!enabled) return undefined;
    if (lagging > 0) { lagging--; return 'lagging'; }
    const fresh = (kind: FaultKind) => { if (kind === 'lagging') lagging = (opts.lagRequests ?? 5) - 1; return kind; };
    // bad_hash needs a getLogs call to corrupt; keep it queued until one comes.
    const i = forced.findIndex((k) => k !== 'bad_hash' || calls.some((c) => c.method === 'eth_getLogs'));
    if (i >= 0) { pickedForced = true; return fresh(forced.splice(i, 1)[0]); }
    for (const [kind, rate] of Object.entries(opts.rates) as [FaultKind, number][]) if (Math.random() < rate) return fresh(kind);
    return undefined;
  };

  const limitError = (call: Call): unknown => {
    if (call.method !== 'eth_getLogs') return undefined;
    const f = call.params[0] as { fromBlock: string; toBlock: string };
    if (opts.maxRange && parseInt(f.toBlock, 16) - parseInt(f.fromBlock, 16) + 1 > opts.maxRange) {
      injected.range_limit++;
      return { jsonrpc: '2.0', id: call.id, error: { code: -32005, message: `block range too large, max is ${opts.maxRange}` } };
    }
    return undefined;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const parsed = JSON.parse(Buffer.concat(chunks).toString()) as Call | Call[];
        const calls = Array.isArray(parsed) ? parsed : [parsed];
        const fault = pick(calls);
        const forcedFault = pickedForced;
        if (fault === 'timeout') {
          injected.timeout++;
          const t = setTimeout(() => { pending.delete(t); res.destroy(); }, opts.holdMs ?? 2_000);
          pending.add(t);
          return;
        }
        if (fault === 'rate_limit') { injected.rate_limit++; res.writeHead(429, { 'content-type': 'text/plain' }).end('Too Many Requests'); return; }
        if (fault === 'http_5xx') { injected.http_5xx++; res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>'); return; }

        let lagHead: number | undefined;
        if (fault === 'lagging') {
          const head = parseInt((await upstream({ jsonrpc: '2.0', id: 0, method: 'eth_blockNumber', params: [] }) as { result: string }).result, 16);
          lagHead = Math.max(0, head - (opts.lagBlocks ?? 5));
          injected.lagging++;
        }
        let applied = false;
        const answers = await Promise.all(calls.map(async (call) => {
          const rejected = opts.rejectMethods?.[call.method];
          if (rejected) return { jsonrpc: '2.0', id: call.id, error: { code: -32000, message: rejected } };
          const limited = limitError(call);
          if (limited) return limited;
          if (lagHead !== undefined && call.method === 'eth_getBlockByNumber') {
            const tag = call.params[0] as string;
            const n = tag === 'latest' ? lagHead : tag.startsWith('0x') ? parseInt(tag, 16) : undefined;
            if (n !== undefined && n > lagHead) return { jsonrpc: '2.0', id: call.id, result: null };
            if (tag === 'latest') return { ...(await upstream({ ...call, params: [`0x${lagHead.toString(16)}`, call.params[1]] }) as object), id: call.id };
          }
          const answer = await upstream(call) as { result?: unknown; error?: unknown };
          if (call.method === 'eth_getLogs' && Array.isArray(answer.result)) {
            let logs = answer.result as { blockNumber: string; blockHash: string }[];
            if (opts.maxLogs && logs.length > opts.maxLogs) {
              injected.range_limit++;
              return { jsonrpc: '2.0', id: call.id, error: { code: -32005, message: `query returned more than ${opts.maxLogs} results` } };
            }
            if (lagHead !== undefined) logs = logs.filter((l) => parseInt(l.blockNumber, 16) <= lagHead!);
            if (fault === 'bad_hash' && logs.length > 0) {
              applied = true;
              injected.bad_hash++;
              const i = Math.floor(Math.random() * logs.length);
              logs = logs.map((l, j) => (j === i ? { ...l, blockHash: `0x${'ab'.repeat(32)}` } : l));
            }
            return { ...answer, result: logs };
          }
          return answer;
        }));
        if (fault === 'bad_hash' && !applied && forcedFault) forced.push('bad_hash');
        let text = JSON.stringify(Array.isArray(parsed) ? answers : answers[0]);
        if (fault === 'truncated') { injected.truncated++; text = text.slice(0, Math.floor(text.length / 2)); }
        res.writeHead(200, { 'content-type': 'application/json' }).end(text);
      } catch (err) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    injected,
    setEnabled(on) { enabled = on; },
    lagNext(requests) { lagging = requests; },
    close: () => new Promise<void>((r) => {
      for (const t of pending) clearTimeout(t);
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
