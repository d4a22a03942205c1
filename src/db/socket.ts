/**
 * Connections to Postgres with TCP_NODELAY, as libpq and node-postgres open them.
 *
 * postgres.js opens its sockets with Nagle's algorithm on (Node's default). A COPY ends with a small
 * CopyDone write behind its data, and a transaction is a string of small messages, so the kernel
 * holds each small write until the server's delayed ACK (~40 ms on Linux). `npm run bench:commit`
 * (loopback): a transaction with one COPY and two queries takes ~90 ms with Nagle and 1–3 ms
 * without; in the engine every sub-range commit paid it.
 *
 * postgres.js takes a socket factory (`socket`, untyped in its .d.ts): it then runs its startup
 * (and TLS, when asked) on the socket we connected. Hosts are tried in order, as postgres.js does.
 */
import net from 'node:net';
import { once } from 'node:events';
import postgres from 'postgres';

/** The part of postgres.js's parsed options the factory reads. */
interface ConnectOptions {
  host: string[];
  port: number[];
  /** Unix socket path (a host starting with '/'), else false. */
  path?: string | false;
  /** Seconds. */
  connect_timeout?: number;
}

type Target = { path: string } | { host: string; port: number };

const describe = (t: Target) => ('path' in t ? t.path : `${t.host}:${t.port}`);

async function connectOne(target: Target, timeoutMs: number): Promise<net.Socket> {
  const socket = net.connect({ ...target, noDelay: true });
  try {
    await once(socket, 'connect', { signal: AbortSignal.timeout(timeoutMs) });
    return socket;
  } catch (err) {
    socket.destroy();
    if ((err as Error).name === 'AbortError') throw new Error(`Postgres at ${describe(target)}: no connection within ${timeoutMs} ms`);
    throw err;
  }
}

/** postgres.js `socket` option: a connected socket with Nagle's algorithm off. */
export async function connectNoDelay(o: ConnectOptions): Promise<net.Socket> {
  const targets: Target[] = o.path ? [{ path: o.path }] : o.host.map((host, i) => ({ host, port: o.port[i] ?? o.port[0] ?? 5432 }));
  const timeoutMs = (o.connect_timeout ?? 30) * 1000;
  let last: unknown = new Error('Postgres: no host to connect to');
  for (const target of targets) {
    try {
      return await connectOne(target, timeoutMs);
    } catch (err) {
      last = err;
    }
  }
  throw last;
}

/**
 * Every postgres.js pool rollscope opens: sockets with TCP_NODELAY (connectNoDelay), notices
 * dropped; `options` as postgres.js takes them.
 */
export function postgresPool(url: string, options: postgres.Options<Record<string, postgres.PostgresType>> = {}): postgres.Sql {
  return postgres(url, { onnotice: () => {}, ...options, socket: connectNoDelay } as typeof options);
}
