/**
 * The real ingest engine (embedded queue) on the `upgrade` scenario's chain, with every rollup's
 * stack taken from the stacks registry (each wrapped with the governance source): governance_events
 * must equal the ground truth after backfill, a new pause is picked up while following the head,
 * and an L1 reorg that drops it removes its row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { ArbitrumRollup, RollupDefinition } from '../../rollups/types.ts';
import { createTestDatabase, type TestDatabase } from '../../db/testing.ts';
import { createIngest, type Ingest } from '../../ingest/engine.ts';
import { waitFor } from '../../ingest/testing/chain.ts';
import { stackOf } from '../../stacks/index.ts';
import { loadArtifact } from '../compile.ts';
import { reorgChain } from '../reorg.ts';
import { runScenario, type ScenarioRun } from '../scenarios/index.ts';
import type { GovernanceTruth } from './truth.ts';
import { ARB_ID } from './world.ts';

describe('governance through the ingest engine', () => {
  let run: ScenarioRun;
  let t: TestDatabase;
  let ingest: Ingest | undefined;
  let truth: GovernanceTruth;
  let defs: RollupDefinition[];

  beforeAll(async () => {
    [run, t] = await Promise.all([runScenario('upgrade'), createTestDatabase()]);
    truth = run.truth.expected.governance as GovernanceTruth;
    defs = run.truth.rollups;
  }, 180_000);
  afterAll(async () => {
    await ingest?.stop();
    await run?.stop();
    await t?.drop();
  });

  const synced = async () => {
    const head = Number(await run.ctx.l1.public.getBlockNumber());
    const p = await ingest!.refreshProgress();
    return p.synced && p.chains[0]!.tip === head;
  };
  const stored = async () =>
    (await t.db.query<{ k: string }>(
      `select concat_ws('|', rollup_id, kind, contract, contract_role, scope, old_value, new_value, actor, block_number, lower(block_hash), tx_hash, log_index, sub_index) as k
       from governance_events order by 1`,
    )).map((r) => r.k);
  const expected = () =>
    truth.events.map((e) => [e.rollupId, e.kind, e.contract, e.contractRole, e.scope, e.oldValue, e.newValue, e.actor, e.l1.blockNumber, e.l1.blockHash.toLowerCase(), e.l1.txHash.toLowerCase(), e.l1.logIndex, e.subIndex]
      .filter((v) => v !== null).join('|')).sort();

  it('backfills governance_events equal to the truth, through the registry-wrapped stacks', async () => {
    ingest = createIngest({
      db: t.db, chains: [{ chainId: run.ctx.l1.chainId, rpcUrls: [run.ctx.l1.rpcUrl], pollIntervalMs: 100 }],
      rollups: defs.map((definition) => ({ definition, stack: stackOf(definition) })), logger: pino({ level: 'warn' }), metrics: new Registry(), concurrency: 2,
      tuning: { jobSpanBlocks: 200, progress: 'off' },
    });
    await ingest.start();
    await waitFor(synced, { what: 'governance backfill', timeoutMs: 90_000 });
    expect(await stored()).toEqual(expected());
  }, 120_000);

  it('follows a new pause at the head, and drops it when a reorg removes its block', async () => {
    const inbox = (defs.find((d) => d.id === ARB_ID) as ArbitrumRollup).contracts.inbox.address;
    const guardian = run.ctx.accounts.byIndex(19);
    const pause = await run.ctx.write({ account: guardian, address: inbox, abi: loadArtifact('GovImplementation').abi, functionName: 'pause' });
    const paused = `select count(*)::int as n from governance_events where rollup_id = '${ARB_ID}' and kind = 'PAUSED' and tx_hash = '${pause.hash.toLowerCase()}'`;
    await waitFor(async () => (await t.db.query<{ n: number }>(paused))[0]!.n === 1 && (await synced()), { what: 'pause indexed', timeoutMs: 30_000 });
    await reorgChain(run.ctx, { depth: 1 });
    await run.ctx.clock.mineBlocks(1);
    await waitFor(async () => (await t.db.query<{ n: number }>(paused))[0]!.n === 0 && (await synced()), { what: 'reorg handled', timeoutMs: 30_000 });
    // Everything else is intact.
    expect(await stored()).toEqual(expected());
  }, 90_000);
});
