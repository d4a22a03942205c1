/**
 * The whole service as a user runs it: a devnet Arbitrum rollup, a configuration pointing at it,
 * `startApp` (ingest + fact watch + API on real Postgres), the risk-engine poll over HTTP. A batch
 * posted live shows up in the poll; a reorg that removes it takes it back out and is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevnetContext, type DevnetContext } from '../src/devnet/context.ts';
import { deployArbitrum, postBatch, produceL2Blocks, type ArbitrumDeployment } from '../src/devnet/arbitrum/index.ts';
import { reorgChain } from '../src/devnet/reorg.ts';
import { createTestDatabase, type TestDatabase } from '../src/db/testing.ts';
import { loadConfig } from '../src/config/load.ts';
import { createLogger } from '../src/log.ts';
import { startApp, type App } from '../src/app.ts';

const POLL = `query($id: ID!) { rollup(id: $id) { latest { batch { number l2BlockEnd } snapshotVersion } health { status reasons { code } } } }`;

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('rollscope as a service on a devnet', () => {
  let ctx: DevnetContext;
  let dep: ArbitrumDeployment;
  let t: TestDatabase;
  let app: App;
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { data?: any; errors?: any[] };
  };

  beforeAll(async () => {
    [ctx, t] = await Promise.all([createDevnetContext({ scenario: 'system' }), createTestDatabase({ migrated: false })]);
    dep = await deployArbitrum(ctx, { rollupId: 'arb-system', bold: true });
    for (let i = 0; i < 3; i++) {
      await produceL2Blocks(dep, 4);
      await postBatch(dep, { kind: i === 1 ? 'blob' : 'calldata' });
    }
    await ctx.clock.mineBlocks(70); // past `finalized`
    const config = loadConfig({
      env: { DATABASE_URL: t.url, ROLLSCOPE_PORT: '0', ROLLSCOPE_HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
      overrides: { definitions: [dep.rollup], rollups: [dep.rollup.id], chains: { [String(ctx.l1.chainId)]: { rpcUrls: [ctx.l1.rpcUrl], pollIntervalMs: 200 } } },
    });
    app = await startApp(config, createLogger('silent'), { api: true, worker: true });
  });
  afterAll(async () => {
    await app?.stop();
    await ctx?.stop();
    await t?.drop();
  });

  it('becomes ready after backfill and the poll shows the last batch of the chain', async () => {
    await until('ready', async () => ((await fetch(`${app.url}/ready`)).status === 200 ? true : undefined));
    const batch = await until('the third batch in the poll', async () => {
      const r = await gql(POLL, { id: dep.rollup.id });
      return r.data?.rollup.latest.batch?.number === '2' ? r.data.rollup.latest.batch : undefined;
    });
    expect(batch.l2BlockEnd).toBe(dep.lastRecordedL2Block);
  });

  it('reads the parameters that live in the contracts at start (challenge period, force-inclusion window)', async () => {
    const r = await gql(`query($id: ID!) { rollup(id: $id) { parameters { confirmPeriodBlocks challengePeriodSeconds forceInclusionWindowSeconds forceInclusionWindowBlocks origins { name source } } } }`, { id: dep.rollup.id });
    expect(r.errors).toBeUndefined();
    const p = r.data.rollup.parameters;
    expect([p.confirmPeriodBlocks, p.forceInclusionWindowSeconds, p.forceInclusionWindowBlocks]).toEqual([
      Number(dep.params.confirmPeriodBlocks), Number(dep.params.maxTimeVariation.delaySeconds), Number(dep.params.maxTimeVariation.delayBlocks),
    ]);
    expect(p.challengePeriodSeconds).toBe(Number(dep.params.confirmPeriodBlocks) * 12);
    const origin = Object.fromEntries(p.origins.map((o: { name: string; source: string }) => [o.name, o.source]));
    expect(origin.confirmPeriodBlocks).toBe('ROLLUP');
  });

  it('shows a batch posted live, and takes it back out after the reorg that drops it', async () => {
    await produceL2Blocks(dep, 2);
    const posted = await postBatch(dep, { kind: 'calldata' });
    expect(posted.batchNumber).toBe('3');
    await until('the live batch in the poll', async () => {
      const r = await gql(POLL, { id: dep.rollup.id });
      return r.data?.rollup.latest.batch?.number === '3' ? true : undefined;
    });
    await reorgChain(ctx, { depth: 1 });
    await ctx.clock.mineBlocks(1);
    const after = await until('the poll without the reorged batch', async () => {
      const r = await gql(POLL, { id: dep.rollup.id });
      return r.data?.rollup.latest.batch?.number === '2' ? r.data.rollup : undefined;
    });
    expect(after.latest.batch.number).toBe('2');
    const [{ n }] = await t.db.query<{ n: number }>(`select count(*)::int as n from sequencer_batches where rollup_id = $1`, [dep.rollup.id]);
    expect(n).toBe(3);
    const reorgs = await t.db.query<{ chain_id: number; depth: string }>(`select chain_id, depth::text from chain_reorgs`);
    expect(reorgs.map((r) => r.chain_id)).toContain(ctx.l1.chainId);
  });
});
