/**
 * bench:latency — how long from an L1 block holding a new batch to the batch in the risk-engine
 * poll: a devnet Arbitrum rollup, the app (ingest + fact watch + API) on Postgres with a 200 ms
 * head poll, N batches posted one by one; prints p50/max of (poll shows it − block mined).
 *   node bin/run.mjs bench/latency.ts [batches=20]
 */
import { createDevnetContext } from '../src/devnet/context.ts';
import { deployArbitrum, postBatch, produceL2Blocks } from '../src/devnet/arbitrum/index.ts';
import { createTestDatabase } from '../src/db/testing.ts';
import { loadConfig } from '../src/config/load.ts';
import { createLogger } from '../src/log.ts';
import { startApp } from '../src/app.ts';

const N = Number(process.argv[2] ?? 20);
const POLL = `query($id: ID!) { rollup(id: $id) { latest { batch { number } } } }`;

const [ctx, t] = await Promise.all([createDevnetContext({ scenario: 'latency' }), createTestDatabase({ migrated: false })]);
try {
  const dep = await deployArbitrum(ctx, { rollupId: 'arb-latency', bold: true });
  await produceL2Blocks(dep, 2);
  await postBatch(dep);
  const config = loadConfig({
    env: { DATABASE_URL: t.url, ROLLSCOPE_PORT: '0', ROLLSCOPE_HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    overrides: { definitions: [dep.rollup], rollups: [dep.rollup.id], chains: { [String(ctx.l1.chainId)]: { rpcUrls: [ctx.l1.rpcUrl], pollIntervalMs: 200 } } },
  });
  const app = await startApp(config, createLogger('silent'), { api: true, worker: true });
  const poll = async () => {
    const res = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: POLL, variables: { id: dep.rollup.id } }) });
    return ((await res.json()) as any).data?.rollup.latest.batch?.number as string | undefined;
  };
  while ((await poll()) !== '0') await new Promise((r) => setTimeout(r, 50));
  const latencies: number[] = [];
  for (let i = 1; i <= N; i++) {
    await produceL2Blocks(dep, 2);
    const posted = await postBatch(dep); // returns once the tx's block is mined
    const mined = performance.now();
    while ((await poll()) !== posted.batchNumber) await new Promise((r) => setTimeout(r, 10));
    latencies.push(performance.now() - mined);
  }
  await app.stop();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  console.log(`bench:latency — ${N} batches: block mined → visible in the poll: p50 ${q(0.5).toFixed(0)} ms, p90 ${q(0.9).toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms (head poll 200 ms, fact watch 250 ms)`);
} finally {
  await ctx.stop();
  await t.drop();
}
