/**
 * Response cache over HTTP on Postgres: new facts of one rollup drop the answers that read it and
 * those that read outside the snapshots, and keep the other rollups' poll answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing.ts';
import { arbitrumDefinition } from '../metrics/fixtures.ts';
import { refreshRollupSnapshot } from '../metrics/snapshot.ts';
import { riskEnginePoll } from './graphiql.ts';
import { batchRow, startTestApi, writeAll, type TestApi } from './testkit.ts';

const NOW = 1_800_000_000;
let t: TestDatabase;
let api: TestApi;

async function counts(): Promise<Record<string, number>> {
  const text = await (await fetch(`${api.url}/metrics`)).text();
  const out: Record<string, number> = { hit: 0, miss: 0, shared: 0 };
  for (const m of text.matchAll(/^rollscope_graphql_request_seconds_count\{cache="(\w+)"\} (\d+)/gm)) out[m[1]] = Number(m[2]);
  return out;
}

/** The answer and whether it came from the cache (exactly one request counted, as hit or miss). */
async function ask(query: string, variables?: Record<string, unknown>) {
  const before = await counts();
  const answer = await api.gql(query, variables);
  const after = await counts();
  const hit = after.hit - before.hit;
  const miss = after.miss - before.miss;
  expect(hit + miss, 'one request, counted once').toBe(1);
  return { answer, cached: hit === 1 };
}

async function newBatch(rollupId: string, block: number, number: string) {
  await writeAll(t.db, { batches: [batchRow(rollupId, { block, time: NOW - 1_000 + block, tx: rollupId === 'ra' ? 0 : 1, log: 1 }, { batchNumber: number })] });
  await refreshRollupSnapshot(t.db, rollupId, { now: NOW });
}

beforeAll(async () => {
  t = await createTestDatabase();
  api = await startTestApi(t.db, [arbitrumDefinition('ra'), arbitrumDefinition('rb')], { now: NOW, pollCacheMs: 60_000 });
  await newBatch('ra', 10, '1');
  await newBatch('rb', 11, '1');
  // Let the NOTIFYs of these refreshes arrive before anything is cached.
  await new Promise((r) => setTimeout(r, 300));
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

describe('response cache invalidation per rollup', () => {
  it('drops only the answers that read the rollup with new facts', async () => {
    const pollA = () => ask(riskEnginePoll, { rollup: 'ra' });
    const pollB = () => ask(riskEnginePoll, { rollup: 'rb' });
    const listing = () => ask('{ rollups { id } }');
    expect((await pollA()).cached).toBe(false);
    expect((await pollB()).cached).toBe(false);
    expect((await listing()).cached).toBe(false);
    const b1 = await pollB();
    expect(b1.cached).toBe(true);
    expect((await pollA()).cached).toBe(true);
    expect((await listing()).cached).toBe(true);

    await newBatch('ra', 20, '2');

    const b2 = await pollB();
    expect(b2.cached, "rb's answer outlives ra's new facts").toBe(true);
    expect(b2.answer).toEqual(b1.answer);
    const a2 = await pollA();
    expect(a2.cached, "ra's answer is recomputed").toBe(false);
    expect(a2.answer.errors).toBeUndefined();
    expect(a2.answer.data.rollup.latest.batch.number).toBe('2');
    expect((await listing()).cached, 'an answer that read outside the snapshots is dropped by any new facts').toBe(false);

    await newBatch('rb', 21, '2');
    const b3 = await pollB();
    expect(b3.cached).toBe(false);
    expect(b3.answer.data.rollup.latest.batch.number).toBe('2');
  });
});
