/**
 * Every Postgres connection rollscope opens has Nagle's algorithm off (socket.ts). Checked on the
 * real sockets of a live pool: Node keeps each socket's no-delay setting, and a plain postgres.js
 * pool (the control) shows it off, so the check can fail.
 */
import { describe, expect, it } from 'vitest';
import net from 'node:net';
import postgres from 'postgres';
import { openDatabase } from './client.ts';
import { createTestDatabase } from './testing.ts';
import { connectNoDelay } from './socket.ts';

/** The no-delay flag Node holds for a socket (set from `noDelay` or setNoDelay). */
function noDelayOf(socket: net.Socket): boolean | undefined {
  const key = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'kSetNoDelay');
  return key === undefined ? undefined : Boolean((socket as unknown as Record<symbol, unknown>)[key]);
}

/** Open TCP sockets to `port`, from the process's active handles. */
const socketsTo = (port: number): net.Socket[] =>
  (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().filter((h): h is net.Socket => h instanceof net.Socket && h.remotePort === port);

describe('Postgres sockets', () => {
  it('opens the pool with TCP_NODELAY, unlike postgres.js by default', async () => {
    const tdb = await createTestDatabase();
    const port = Number(new URL(tdb.url).port || 5432);
    const plain = postgres(tdb.url, { max: 1, onnotice: () => {} });
    try {
      await plain`select 1`;
      const before = new Set(socketsTo(port));
      const db = await openDatabase({ url: tdb.url, max: 2 });
      try {
        await Promise.all([db.query('select pg_sleep(0.05)'), db.query('select pg_sleep(0.05)')]);
        const ours = socketsTo(port).filter((s) => !before.has(s));
        expect(ours.length).toBe(2);
        for (const s of ours) expect(noDelayOf(s)).toBe(true);
        // The control: postgres.js's own socket keeps Nagle on.
        expect([...before].map(noDelayOf)).toContain(false);
      } finally {
        await db.close();
      }
    } finally {
      await plain.end({ timeout: 2 });
      await tdb.drop();
    }
  });

  it('tries the hosts in order and says which one failed', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const tdb = await createTestDatabase();
    const port = Number(new URL(tdb.url).port || 5432);
    try {
      const socket = await connectNoDelay({ host: ['127.0.0.1', '127.0.0.1'], port: [deadPort, port], connect_timeout: 5 });
      expect(socket.remotePort).toBe(port);
      socket.destroy();
      await expect(connectNoDelay({ host: ['127.0.0.1'], port: [deadPort], connect_timeout: 5 })).rejects.toThrow(new RegExp(`ECONNREFUSED 127.0.0.1:${deadPort}`));
      await expect(connectNoDelay({ host: ['localhost'], port: [port], path: '/nonexistent/.s.PGSQL.5432', connect_timeout: 5 })).rejects.toThrow(/ENOENT/);
      // Through the pool: a refused connection rejects the query with the address, and the next query tries again.
      const db = await openDatabase({ url: `postgres://postgres@127.0.0.1:${deadPort}/x` });
      try {
        await expect(db.query('select 1')).rejects.toThrow(new RegExp(`ECONNREFUSED 127.0.0.1:${deadPort}`));
        await expect(db.query('select 1')).rejects.toThrow(/ECONNREFUSED/);
      } finally {
        await db.close();
      }
    } finally {
      await tdb.drop();
    }
  });
});
