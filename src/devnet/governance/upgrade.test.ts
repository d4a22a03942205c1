/**
 * End to end on anvil + Postgres: the `upgrade` scenario (run through the scenario registry) drives
 * the governance emulators; the governance source of each rollup is read back from the chain and
 * decoded; every governance fact must equal the simulator's ground truth, and nothing else. The
 * facts are written to Postgres (idempotently), and the exit windows, upgrade notices, pauses,
 * health reasons and proof-system permissioning computed from them must equal the truth's
 * hand-computed figures — through the metric functions and through the GraphQL API.
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
import { startTestApi, type TestApi } from '../../api/testkit.ts';
import { buildSchema } from '../../api/schema.ts';
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

  describe('over GraphQL', () => {
    let api: TestApi;
    const end = () => Math.max(...Object.values(truth.health).map((h) => h.at));
    beforeAll(async () => {
      api = await startTestApi(t.db, defs, { now: end() });
      for (const def of defs) await t.db.query(`update rollups set parameters = $2::jsonb where id = $1`, [def.id, JSON.stringify(GOVERNANCE_DEVNET_PARAMETERS[def.id])]);
    });
    afterAll(async () => {
      await api?.close();
    });

    const exitQuery = `query ($id: ID!, $at: DateTime) {
      rollup(id: $id) {
        governance(window: { last: D7 }) {
          now: exitWindow { upgradeDelay { seconds source timelock } timeToExitSeconds exitWindowSeconds usersCanExit }
          then: exitWindow(at: $at) { atSeconds upgradeDelay { seconds source } exitWindowSeconds usersCanExit }
          paused
          healthReasons { code severity sinceSeconds message }
          operators { proofSystem { permissioned mechanism source } batchPosters { distinct } }
        }
      }
    }`;
    const listQuery = `query ($id: ID!) {
      rollup(id: $id) {
        governance(window: { last: D7 }) {
          upgrades(first: 20, includeInitial: true) { l1 { txHash logIndex timestampSeconds } contract implementation noticeSeconds exitWindowSeconds usersCouldExit initial viaTimelock }
          pauses(first: 10) { contract open durationSeconds pausedAt { timestampSeconds } unpausedAt { timestampSeconds } }
          events(first: 20, kinds: [UPGRADED, BEACON_UPGRADED]) { nodes { kind contract newValue viaTimelock operationId details } pageInfo { hasNextPage } }
        }
      }
    }`;

    it('serves the exit window, upgrades, pauses, health reasons and permissioning of the truth', async () => {
      for (const def of defs) {
        api.clock.now = truth.health[def.id]!.at;
        const [firstAt, firstDelay, firstWindow] = truth.exitWindows[def.id]![0]!;
        const a = await api.gql(exitQuery, { id: def.id, at: new Date(firstAt * 1000).toISOString() });
        const b = await api.gql(listQuery, { id: def.id });
        expect([a.errors, b.errors], def.id).toEqual([undefined, undefined]);
        const g = { ...a.data.rollup.governance, ...b.data.rollup.governance };
        const [, lastDelay, lastWindow] = truth.exitWindows[def.id]!.at(-1)!;
        expect([g.now.upgradeDelay.seconds, g.now.exitWindowSeconds, g.now.usersCanExit], def.id).toEqual([lastDelay, lastWindow, lastWindow >= 0]);
        expect([g.then.atSeconds, g.then.upgradeDelay.seconds, g.then.exitWindowSeconds], def.id).toEqual([firstAt, firstDelay, firstWindow]);
        const want = truth.upgrades.filter((u) => u.rollupId === def.id && api.clock.now - u.l1.timestamp < 7 * 86_400).reverse();
        expect(g.upgrades.map((u: any) => [u.l1.txHash, u.l1.timestampSeconds, u.contract, u.implementation, u.noticeSeconds, u.exitWindowSeconds, u.usersCouldExit, u.initial]), def.id).toEqual(
          want.map((u) => [u.l1.txHash.toLowerCase(), u.l1.timestamp, u.contract, u.implementation, u.noticeSeconds, u.exitWindowSeconds, u.exitWindowSeconds >= 0, u.initial]),
        );
        const pauses = truth.pauses.filter((p) => p.rollupId === def.id).reverse();
        expect(g.pauses.map((p: any) => [p.contract, p.pausedAt.timestampSeconds, p.unpausedAt?.timestampSeconds ?? null, p.open, p.durationSeconds])).toEqual(
          pauses.map((p) => [p.contract, p.pausedAt, p.unpausedAt, p.unpausedAt === null, (p.unpausedAt ?? api.clock.now) - p.pausedAt]),
        );
        expect(g.paused).toBe(pauses.some((p) => p.unpausedAt === null));
        expect(g.healthReasons.map((r: any) => ({ code: r.code, severity: r.severity, since: r.sinceSeconds }))).toEqual(truth.health[def.id]!.reasons);
        expect(g.operators.proofSystem.permissioned).toBe(truth.permissioned[def.id]);
        expect(g.events.nodes.map((e: any) => e.contract).sort()).toEqual(truth.events.filter((e) => e.rollupId === def.id && (e.kind === 'UPGRADED' || e.kind === 'BEACON_UPGRADED')).map((e) => e.contract).sort());
      }
    });

    it('merges the governance reasons into the rollup health the risk poll reads', async () => {
      const rank = { OK: 0, DEGRADED: 1, HALT: 2 } as const;
      expect(defs.some((d) => truth.health[d.id]!.reasons.length > 0)).toBe(true);
      for (const def of defs) {
        api.clock.now = truth.health[def.id]!.at;
        const { data, errors } = await api.gql(`query ($id: ID!) { rollup(id: $id) { health { status reasons { code severity } } } }`, { id: def.id });
        expect(errors, def.id).toBeUndefined();
        const want = truth.health[def.id]!.reasons;
        const got = data.rollup.health.reasons.map((r: any) => ({ code: r.code, severity: r.severity }));
        for (const r of want) expect(got, def.id).toContainEqual({ code: r.code, severity: r.severity });
        const worst = want.reduce((m, r) => Math.max(m, rank[r.severity as keyof typeof rank]), 0);
        expect(rank[data.rollup.health.status as keyof typeof rank], def.id).toBeGreaterThanOrEqual(worst);
      }
    });

    it('declares the setup and rejects an exit window in the future', async () => {
      api.clock.now = end();
      const { data } = await api.gql(`{ rollup(id: "${OP_IDS[0]}") { governance { setup { instantUpgradePath declaredUpgradeDelaySeconds contracts { role } } } } }`);
      const setup = data.rollup.governance.setup;
      expect([setup.instantUpgradePath, setup.declaredUpgradeDelaySeconds]).toEqual([false, 0]);
      expect(setup.contracts.map((c: { role: string }) => c.role).sort()).toEqual(['optimismPortal', 'proxyAdmin', 'superchainConfig', 'systemConfig']);
      const bad = await api.gql(`{ rollup(id: "${ARB_ID}") { governance { exitWindow(at: "${new Date((end() + 3_600) * 1000).toISOString()}") { exitWindowSeconds } } } }`);
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_ARGUMENT');
    });

    it('pages governance events with stable cursors', async () => {
      const all: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 20; i++) {
        const { data, errors }: { data?: any; errors?: unknown[] } = await api.gql(`query ($after: String) { rollup(id: "${ARB_ID}") { governance { events(first: 7, after: $after, order: OLDEST_FIRST) { nodes { id kind } pageInfo { hasNextPage endCursor } } } } }`, { after });
        expect(errors).toBeUndefined();
        const c: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = data.rollup.governance.events;
        all.push(...c.nodes.map((n: any) => n.id));
        if (!c.pageInfo.hasNextPage) break;
        after = c.pageInfo.endCursor;
      }
      expect(all).toHaveLength(truth.events.filter((e) => e.rollupId === ARB_ID).length);
      expect(new Set(all).size).toBe(all.length);
    });

    it('describes every governance type, field and enum value of the SDL', () => {
      const schema = buildSchema();
      const names = ['Governance', 'GovernanceSetup', 'WatchedContract', 'UpgradeDelaySource', 'UpgradeDelay', 'ExitWindow', 'GovernanceUpgrade', 'GovernancePause', 'GovernanceEventKind',
        'GovernanceEvent', 'GovernanceEventEdge', 'GovernanceEventConnection', 'OperatorDiversity', 'OperatorStats', 'OperatorShare', 'PermissionMechanism', 'ProofSystemPermissioning'];
      const missing: string[] = [];
      for (const n of names) {
        // (structural checks: graphql's isObjectType fails across the CJS/ESM copies yoga and vitest load)
        const type = schema.getType(n) as unknown as { description?: string | null; getFields?: () => Record<string, { name: string; description?: string | null }>; getValues?: () => { name: string; description?: string | null }[] };
        expect(type, n).toBeDefined();
        if (!type.description && !['GovernanceEventEdge', 'OperatorShare'].includes(n)) missing.push(n);
        if (type.getFields) for (const f of Object.values(type.getFields())) if (!f.description && !['id', 'node', 'pageInfo', 'atSeconds', 'sinceSeconds'].includes(f.name)) missing.push(`${n}.${f.name}`);
        if (type.getValues) for (const v of type.getValues()) if (!v.description) missing.push(`${n}.${v.name}`);
      }
      expect(missing).toEqual([]);
      expect((schema.getType('Rollup') as any).getFields().governance.description).toMatch(/Governance/);
    });
  });
});
