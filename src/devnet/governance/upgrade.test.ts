/**
 * End to end on anvil + Postgres: the `upgrade` scenario (run through the scenario registry) drives
 * the governance emulators; the governance source of each rollup is read back from the chain and
 * decoded; every governance fact must equal the simulator's ground truth, and nothing else. The
 * facts are written to Postgres (idempotently), and the exit windows, upgrade notices, pauses,
 * health reasons and proof-system permissioning computed from them must equal the truth's
 * hand-computed figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RollupDefinition } from '../../rollups/types.ts';
import * as s from '../../db/schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../../db/testing.ts';
import { writeFacts } from '../../db/write.ts';
import { loadGovernanceState, loadOperatorDiversity } from '../../metrics/governance.ts';
import type { RollupRecord } from '../../metrics/load.ts';
import { decodeGovernance, governanceSetupOf, governanceSources } from '../../stacks/governance/index.ts';
import type { Facts, StackIndexer } from '../../stacks/types.ts';
import { decodeFromChain } from '../zk/readBack.ts';
import { runScenario, scenarios, type ScenarioRun } from '../scenarios/index.ts';
import { GOVERNANCE_DEVNET_PARAMETERS } from './scenario.ts';
import type { GovernanceTruth, TruthGovernanceEvent } from './truth.ts';
import { ARB_ID, OP_IDS } from './world.ts';

const governanceOnly = (def: RollupDefinition): StackIndexer => ({ stack: def.stack, sources: governanceSources, decode: decodeGovernance });

type Row = Facts['governanceEvents'][number];
const rowKey = (r: Row) => {
  const x = (r.extra ?? {}) as Record<string, unknown>;
  return [r.rollupId, r.kind, r.contract, r.contractRole, r.scope, r.oldValue, r.newValue, r.actor, r.delaySeconds, r.blockNumber, r.blockHash, r.blockTime, r.txHash, r.logIndex, r.subIndex,
    x.viaTimelock ?? null, x.viaTimelock ? x.operationId : null, x.viaExecutor ?? null].join('|');
};
const truthKey = (e: TruthGovernanceEvent) =>
  [e.rollupId, e.kind, e.contract, e.contractRole, e.scope, e.oldValue, e.newValue, e.actor, e.delaySeconds, e.l1.blockNumber, e.l1.blockHash.toLowerCase(), e.l1.timestamp,
    e.l1.txHash.toLowerCase(), e.l1.logIndex, e.subIndex, e.viaTimelock ?? null, e.operationId ?? null, e.viaExecutor ?? null].join('|');

describe('upgrade scenario on anvil', () => {
  let run: ScenarioRun;
  let truth: GovernanceTruth;
  let defs: RollupDefinition[];
  const rows = new Map<string, Row[]>();
  let t: TestDatabase;
  const record = (def: RollupDefinition): RollupRecord => ({
    id: def.id, name: def.name, stack: def.stack, l1ChainId: def.l1ChainId, l2ChainId: def.l2ChainId, definition: def, storedParameters: GOVERNANCE_DEVNET_PARAMETERS[def.id]!,
  });

  beforeAll(async () => {
    [run, t] = await Promise.all([runScenario('upgrade'), createTestDatabase()]);
    truth = run.truth.expected.governance as GovernanceTruth;
    defs = run.truth.rollups;
    for (const def of defs) rows.set(def.id, (await decodeFromChain(run.ctx.l1, governanceOnly(def), def)).governanceEvents);
  }, 180_000);
  afterAll(async () => {
    await run?.stop();
    await t?.drop();
  });

  it('is registered as the `upgrade` scenario', () => {
    expect(scenarios.upgrade.parts.map((p) => p.stack)).toEqual(['governance']);
    expect(defs.map((d) => d.id).sort()).toEqual([ARB_ID, ...OP_IDS].sort());
  });

  it('decodes exactly the ground truth of every rollup', () => {
    for (const def of defs) {
      const got = rows.get(def.id)!.map(rowKey).sort();
      const want = truth.events.filter((e) => e.rollupId === def.id).map(truthKey).sort();
      expect(got, def.id).toEqual(want);
    }
    // Every family the scenario exercises is there.
    const kinds = new Set(truth.events.map((e) => e.kind));
    expect([...kinds].sort()).toEqual([
      'ADMIN_ACTION', 'ADMIN_CALL_EXECUTED', 'ADMIN_CHANGED', 'BEACON_UPGRADED', 'CALL_CANCELLED', 'CALL_EXECUTED', 'CALL_SCHEDULED', 'GUARDIAN_CHANGED',
      'OWNERSHIP_TRANSFERRED', 'PAUSED', 'ROLE_GRANTED', 'TIMELOCK_DELAY_SET', 'UNPAUSED', 'UPGRADED', 'VALIDATOR_WHITELIST_SET',
    ]);
    // The shared SuperchainConfig pause is a fact of both OP chains.
    for (const id of OP_IDS) expect(rows.get(id)!.filter((r) => r.kind === 'PAUSED' && r.contractRole === 'superchainConfig')).toHaveLength(1);
  });

  it('stores the facts idempotently, one row per rollup for shared contracts', async () => {
    const all = [...rows.values()].flat();
    expect(await writeFacts(t.db, s.governanceEvents, all)).toBe(all.length);
    expect(await writeFacts(t.db, s.governanceEvents, all)).toBe(0);
    const [n] = await t.db.query<{ n: string }>(`select count(*) as n from governance_events where contract_role = 'superchainConfig' and kind = 'PAUSED'`);
    expect(Number(n!.n)).toBe(2);
  });

  it('computes every upgrade’s notice and exit window, and the exit window over time, as by hand', async () => {
    for (const def of defs) {
      const now = truth.health[def.id]!.at;
      const g = await loadGovernanceState(t.db, record(def), governanceSetupOf(def), now);
      expect(g.upgrades.map((u) => [u.contract, u.implementation, u.ref.time, u.noticeSeconds, u.exitWindowSeconds, u.initial]), def.id).toEqual(
        truth.upgrades.filter((u) => u.rollupId === def.id).map((u) => [u.contract, u.implementation, u.l1.timestamp, u.noticeSeconds, u.exitWindowSeconds, u.initial]),
      );
      for (const [at, delay, window] of truth.exitWindows[def.id]!) {
        const w = g.exitWindowAt(at);
        expect([w.upgradeDelay.seconds, w.exitWindowSeconds, w.usersCanExit], `${def.id} at ${at}`).toEqual([delay, window, window >= 0]);
      }
      expect(g.pauses.map((p) => [p.contract, p.pausedAt.time, p.unpausedAt?.time ?? null]), def.id).toEqual(
        truth.pauses.filter((p) => p.rollupId === def.id).map((p) => [p.contract, p.pausedAt, p.unpausedAt]),
      );
    }
    // The timelocked bridge upgrade left users time to exit; the council's did not.
    const arbUpgrades = truth.upgrades.filter((u) => u.rollupId === ARB_ID && !u.initial);
    expect(arbUpgrades.map((u) => u.exitWindowSeconds >= 0)).toEqual([true, false, false]);
  });

  it('raises the health reasons of the truth: DEGRADED after unsafe upgrades, HALT while paused', async () => {
    for (const def of defs) {
      const h = truth.health[def.id]!;
      const g = await loadGovernanceState(t.db, record(def), governanceSetupOf(def), h.at);
      expect(g.reasons.map((r) => ({ code: r.code, severity: r.severity, since: r.since })), def.id).toEqual(h.reasons);
    }
    expect(truth.health[ARB_ID]!.reasons.map((r) => r.code)).toEqual(['UPGRADE_EXIT_WINDOW_NEGATIVE']);
    expect(truth.health[OP_IDS[0]]!.reasons.map((r) => r.code)).toEqual(['UPGRADE_EXIT_WINDOW_NEGATIVE', 'BRIDGE_PAUSED']);
    expect(truth.health[OP_IDS[1]]!.reasons.map((r) => r.code)).toEqual(['BRIDGE_PAUSED']);
  });

  it('reads the validator whitelist flag from the chain: the Arbitrum-like proof system became permissionless', async () => {
    for (const def of defs) {
      const end = truth.health[def.id]!.at;
      const d = await loadOperatorDiversity(t.db, record(def), { from: end - 86_400, to: end + 1 });
      expect(d.proofSystem.permissioned, def.id).toBe(truth.permissioned[def.id]);
    }
  });
});
