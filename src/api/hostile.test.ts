/**
 * Hostile and malformed requests get a clear error quickly and the server stays up; internal
 * errors are masked; the response cache is dropped by new facts; GraphiQL opens with the example
 * tabs; subscriptions stream new batches over SSE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing.ts';
import { arbitrumDefinition } from '../metrics/fixtures.ts';
import { refreshRollupSnapshot } from '../metrics/snapshot.ts';
import { batchRow, startTestApi, writeAll, type TestApi } from './testkit.ts';

const ID = 'arb-hostile';
const T0 = 1_700_300_000;
const batch = (i: number) => batchRow(ID, { block: 100 + i, time: T0 + 60 * i }, { batchNumber: String(i), l2BlockStart: 10 * i, l2BlockEnd: 10 * i + 9, l2TimeStart: T0 + 60 * i - 50, l2TimeEnd: T0 + 60 * i - 5 });

describe('hostile queries, caching and subscriptions', () => {
  let t: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    t = await createTestDatabase();
    api = await startTestApi(t.db, [arbitrumDefinition(ID)], { now: T0 + 600 });
    await writeAll(t.db, { batches: Array.from({ length: 10 }, (_, i) => batch(i)) });
    await refreshRollupSnapshot(t.db, ID, { now: T0 + 600 });
  });
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  /** Sends a raw body; returns status, parsed body and elapsed ms. */
  async function raw(body: string) {
    const t0 = performance.now();
    const res = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text) as { data?: any; errors?: any[] }, ms: performance.now() - t0, text };
  }
  const q = (query: string, variables?: unknown) => raw(JSON.stringify({ query, variables }));

  const cases: [string, () => Promise<{ status: number; body: { errors?: any[] }; ms: number; text: string }>, RegExp | string][] = [
    ['a depth bomb', () => q(`{ rollup(id: "${ID}") { batches { nodes { l1Block { rollups { batches { l1Block { rollups { batches { l1Block { rollups { rollup { id } } } } } } } } } } } } }`), 'DEPTH_LIMIT'],
    ['an alias bomb', () => q(`{ ${Array.from({ length: 60 }, (_, i) => `a${i}: rollup(id: "${ID}") { id }`).join(' ')} }`), 'ALIAS_LIMIT'],
    ['a token flood', () => q(`{ rollups { ${'id '.repeat(5_000)} } }`), 'TOKEN_LIMIT'],
    ['a 1 MB query', () => q(`{ rollups { id } } # ${'x'.repeat(1024 * 1024)}`), 'REQUEST_TOO_LARGE'],
    ['first: 10^9 as a literal (cost limit)', () => q(`{ rollup(id: "${ID}") { batches(first: 1000000000) { nodes { number } } } }`), 'COST_LIMIT'],
    ['first: 10^9 as a variable', () => q(`query($n: Int) { rollup(id: "${ID}") { batches(first: $n) { nodes { number } } } }`, { n: 1_000_000_000 }), 'PAGE_TOO_LARGE'],
    ['a negative page size', () => q(`{ rollup(id: "${ID}") { batches(first: -1) { nodes { number } } } }`), 'BAD_PAGE_SIZE'],
    ['a garbage cursor', () => q(`{ rollup(id: "${ID}") { batches(after: "%%%garbage") { nodes { number } } } }`), 'BAD_CURSOR'],
    ['a base64 cursor of another connection', () => q(`{ rollup(id: "${ID}") { batches(after: "${Buffer.from(JSON.stringify(['root', 1, 2, 3, 4, 5, 6])).toString('base64url')}") { nodes { number } } } }`), 'BAD_CURSOR'],
    ['an unknown rollup', () => q(`{ rollup(id: "nope") { id } }`), 'UNKNOWN_ROLLUP'],
    ['an L2 block beyond the known head', () => q(`{ l2Block(rollup: "${ID}", number: 100000) { number } }`), 'L2_BLOCK_OUT_OF_RANGE'],
    ['a negative L2 block', () => q(`{ l2Block(rollup: "${ID}", number: -5) { number } }`), 'L2_BLOCK_OUT_OF_RANGE'],
    ['an inverted window', () => q(`{ rollup(id: "${ID}") { da(window: { from: "2024-01-02T00:00:00Z", to: "2024-01-01T00:00:00Z" }) { total { batches } } } }`), 'BAD_WINDOW'],
    ['a 1-year window', () => q(`{ rollup(id: "${ID}") { da(window: { from: "2022-01-01T00:00:00Z", to: "2023-01-01T00:00:00Z" }) { total { batches } } } }`), 'BAD_WINDOW'],
    ['a malformed DateTime', () => q(`{ rollup(id: "${ID}") { da(window: { from: "yesterday" }) { total { batches } } } }`), /DateTime/],
    ['a malformed BigInt', () => q(`{ batch(rollup: "${ID}", number: "12abc") { number } }`), /BigInt/],
    ['a negative grace period', () => q(`{ rollup(id: "${ID}") { sequencerUptime(gracePeriodSeconds: -1) { answer } } }`), 'BAD_ARGUMENT'],
    ['an inverted block filter', () => q(`{ rollup(id: "${ID}") { batches(filter: { fromBlock: 10, toBlock: 5 }) { nodes { number } } } }`), 'BAD_FILTER'],
    ['invalid JSON', () => raw('{"query": '), /./],
  ];

  it.each(cases)('rejects %s with a clear error, quickly', async (_name, send, expected) => {
    const r = await send();
    expect(r.ms).toBeLessThan(1_500);
    expect(r.body.errors?.length).toBeGreaterThan(0);
    const e = r.body.errors![0];
    if (typeof expected === 'string') expect(e.extensions?.code).toBe(expected);
    else expect(e.message).toMatch(expected);
    expect(r.text).not.toMatch(/\bat .*\.ts:\d+|node_modules|stack|Syntax Error: (Query|Token|Aliases)/i);
  });

  it('stays up and answers normally after all of that', async () => {
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    const r = await q(`{ rollup(id: "${ID}") { latest { batch { number } } } }`);
    expect(r.body).toEqual({ data: { rollup: { latest: { batch: { number: '9' } } } } });
  });

  it('masks internal errors (no SQL, no stack)', async () => {
    await t.db.query(`alter table l2_blocks rename to l2_blocks_away`);
    try {
      const r = await q(`{ l2Block(rollup: "${ID}", number: 5) { number } }`);
      expect(r.body.errors?.[0].message).toBe('Unexpected error.');
      expect(r.text).not.toMatch(/l2_blocks|relation|postgres|stack/i);
    } finally {
      await t.db.query(`alter table l2_blocks_away rename to l2_blocks`);
    }
  });

  it('serves repeated queries from the response cache until new facts land', async () => {
    const query = `{ rollup(id: "${ID}") { latest { batch { number } } da { total { batches } } } }`;
    const metrics = async () => {
      const text = await (await fetch(`${api.url}/metrics`)).text();
      return Number(/rollscope_graphql_request_seconds_count\{cache="hit"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    const before = await metrics();
    const a = await q(query);
    const b = await q(query);
    expect(b.body).toEqual(a.body);
    expect(await metrics()).toBe(before + 1);
    // Same clock second: only the facts notification can make the next answer differ.
    await writeAll(t.db, { batches: [batchRow(ID, { block: 150, time: T0 + 590 }, { batchNumber: '10' })] });
    await refreshRollupSnapshot(t.db, ID, { now: T0 + 600 });
    const c = await q(query);
    expect(c.body.data.rollup).toEqual({ latest: { batch: { number: '10' } }, da: { total: { batches: 11 } } });
  });

  it('opens GraphiQL with an example tab per user', async () => {
    const html = await (await fetch(`${api.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    for (const name of ['RiskPoll', 'RollupPage', 'L2BlockPage', 'Distribution30d']) expect(html).toContain(name);
  });

  it('the example queries run and stay within the limits', async () => {
    const { graphiqlTabs } = await import('./graphiql.ts');
    for (const tab of graphiqlTabs(ID)) {
      const r = await q(tab.query, JSON.parse(tab.variables));
      expect(r.body.errors, tab.query.split('\n')[1]).toBeUndefined();
    }
  });

  it('answers the risk-engine poll from one SQL row (caches off), and from none while cached', async () => {
    const { riskEnginePoll } = await import('./graphiql.ts');
    const queries: string[] = [];
    const counted = { ...t.db, query: (text: string, params?: unknown[]) => (queries.push(text), t.db.query(text, params)) } as typeof t.db;
    const cold = await startTestApi(counted, [arbitrumDefinition(ID)], { now: T0 + 600, responseCache: false, pollCacheMs: 0 });
    const warm = await startTestApi(counted, [arbitrumDefinition(ID)], { now: T0 + 600 });
    try {
      const body = JSON.stringify({ query: riskEnginePoll, variables: { rollup: ID } });
      const post = (url: string) => fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.json() as Promise<{ errors?: unknown }>);
      expect((await post(cold.url)).errors).toBeUndefined(); // also reads the L1 head time (cached for 1 s)
      queries.length = 0;
      expect((await post(cold.url)).errors).toBeUndefined();
      expect(queries).toHaveLength(1);
      expect(queries[0]).toMatch(/from rollups r\s+left join rollup_snapshots/);
      await post(warm.url);
      queries.length = 0;
      for (let i = 0; i < 5; i++) await post(warm.url);
      expect(queries).toEqual([]);
    } finally {
      await cold.close();
      await warm.close();
    }
  });

  it('pushes health changes to SSE subscribers', async () => {
    const mon = await startTestApi(t.db, [arbitrumDefinition(ID)], { now: T0 + 600, monitor: { start: false } });
    const ctrl = new AbortController();
    try {
      await mon.api.monitor!.check();
      const res = await fetch(`${mon.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: `subscription { healthChanged(rollup: "${ID}") { rollupId status previousStatus reasons { code } } }` }),
        signal: ctrl.signal,
      });
      const reader = res.body!.getReader();
      const got = (async () => {
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return null;
          buf += new TextDecoder().decode(value);
          const m = /data: (\{.*healthChanged.*\})/.exec(buf);
          if (m) return JSON.parse(m[1]).data.healthChanged;
        }
      })();
      await new Promise((r) => setTimeout(r, 200));
      mon.clock.now = T0 + 600 + 7_200;
      await mon.api.monitor!.check();
      expect(await Promise.race([got, new Promise((r) => setTimeout(() => r('timeout'), 5_000))])).toEqual({ rollupId: ID, status: 'HALT', previousStatus: 'OK', reasons: [{ code: 'BATCH_SILENT' }] });
    } finally {
      ctrl.abort();
      await mon.close();
    }
  });

  it('streams new batches to a subscriber over SSE', async () => {
    const ctrl = new AbortController();
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: `subscription { batchAdded(rollup: "${ID}") { number l1 { blockNumber } } }` }),
      signal: ctrl.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const received: string[] = [];
    const reading = (async () => {
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += new TextDecoder().decode(value);
        for (const m of buf.matchAll(/data: (\{.*\})/g)) {
          const n = JSON.parse(m[1]).data?.batchAdded?.number;
          if (n && !received.includes(n)) received.push(n);
        }
        if (received.length >= 2) return;
      }
    })();
    await new Promise((r) => setTimeout(r, 200)); // the subscription takes its mark
    await writeAll(t.db, { batches: [batch(11), batch(12)] });
    await refreshRollupSnapshot(t.db, ID, { now: T0 + 800 });
    await Promise.race([reading, new Promise((r) => setTimeout(r, 5_000))]);
    ctrl.abort();
    expect(received).toEqual(['11', '12']);
    // The server is still fine after the client went away.
    expect((await q(`{ rollups { id } }`)).body.data.rollups).toEqual([{ id: ID }]);
  });
});
