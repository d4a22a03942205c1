/**
 * Governance metrics: exit window (delay sources, parameters in force at t, notice of upgrades
 * through a timelock or not), pause periods, health reasons and their merge into a Health, and
 * operator diversity read by SQL from a real Postgres — each against numbers computed by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArbitrumRollup, OpStackRollup, ZkSyncRollup } from '../rollups/types.ts';
import * as s from '../db/schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../db/testing.ts';
import { writeFacts } from '../db/write.ts';
import type { L1Ref } from './finality.ts';
import type { Health } from './health.ts';
import type { RollupRecord } from './load.ts';
import {
  authorizedAt, exitWindow, governanceHealthReasons, loadGovernanceHealthInputs, loadGovernanceState, loadOperatorDiversity, openPauses, operatorStats, parametersAt,
  pausePeriods, proofSystemPermissioning, upgradeDelayAt, upgradeExitWindows, upgradesOf, withGovernanceReasons, type GovernanceEventRecord,
} from './governance.ts';

const A = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const ZERO = A(0);
let seq = 0;
const ref = (time: number, tx = `0x${(++seq).toString(16).padStart(64, '0')}`, logIndex = 0): L1Ref => ({
  chainId: 1, blockNumber: time, blockHash: `0x${time.toString(16).padStart(64, 'b')}`, txHash: tx, txIndex: 0, logIndex, subIndex: 0, time,
});
const ev = (time: number, kind: string, o: Partial<GovernanceEventRecord> & { tx?: string; logIndex?: number } = {}): GovernanceEventRecord => ({
  ref: ref(time, o.tx, o.logIndex), rollupId: 'r', contract: A(0xb1), contractRole: 'bridge', kind, scope: '', oldValue: null, newValue: null,
  actor: A(0xee), delaySeconds: null, extra: null, ...o,
});

const arb: ArbitrumRollup = {
  id: 'r', name: 'r', stack: 'arbitrum', l1ChainId: 1, l2ChainId: 9, startBlock: 1, dataAvailability: 'rollup', l2GenesisBlock: 0,
  contracts: {
    sequencerInbox: { address: A(0xa1) as `0x${string}`, fromBlock: 1 }, bridge: { address: A(0xb1) as `0x${string}`, fromBlock: 1 },
    inbox: { address: A(0xa3) as `0x${string}`, fromBlock: 1 }, outbox: { address: A(0xa4) as `0x${string}`, fromBlock: 1 },
    boldRollup: { address: A(0xa6) as `0x${string}`, fromBlock: 1 },
  },
};
/** Stored parameters: force window 1 h, challenge period 2 h ⇒ time to exit 3 h = 10,800 s. */
const stored = { maxTimeVariation: { delayBlocks: '300', futureBlocks: '1', delaySeconds: '3600', futureSeconds: '1' }, challengePeriodSeconds: 7_200 };

describe('upgrade delay and exit window', () => {
  const timelock = A(0x71);
  const events = [
    ev(100, 'TIMELOCK_DELAY_SET', { contract: timelock, contractRole: 'timelock', delaySeconds: 14_400 }),
    ev(5_000, 'TIMELOCK_DELAY_SET', { contract: timelock, contractRole: 'timelock', delaySeconds: 3_600 }),
    ev(6_000, 'TIMELOCK_DELAY_SET', { contract: A(0x72), contractRole: 'timelock2', delaySeconds: 86_400 }),
  ];
  it('takes the fastest timelock in force at t, else the definition, else 0; an instant path wins', () => {
    expect(upgradeDelayAt(events, {}, 50)).toEqual({ seconds: 0, source: 'DEFAULT', timelock: null });
    expect(upgradeDelayAt(events, { upgradeDelaySeconds: 999 }, 50)).toEqual({ seconds: 999, source: 'DEFINITION', timelock: null });
    expect(upgradeDelayAt(events, {}, 100)).toEqual({ seconds: 14_400, source: 'TIMELOCK_EVENT', timelock });
    expect(upgradeDelayAt(events, {}, 5_999).seconds).toBe(3_600);
    expect(upgradeDelayAt(events, {}, 7_000)).toEqual({ seconds: 3_600, source: 'TIMELOCK_EVENT', timelock });
    expect(upgradeDelayAt(events, { instantUpgradePath: true }, 7_000)).toEqual({ seconds: 0, source: 'INSTANT_PATH', timelock: null });
  });

  it('exit window = delay − (force window + withdrawal delay), with the parameters in force at t', () => {
    const changes = [{ name: 'maxTimeVariation', value: { delayBlocks: '10', futureBlocks: '1', delaySeconds: '7200', futureSeconds: '1' }, blockNumber: 4_000, blockTime: 4_000 }];
    const before = exitWindow(upgradeDelayAt(events, {}, 3_000), parametersAt(arb, stored, changes, 3_000), 3_000);
    // 14,400 − (3,600 + 7,200) = 3,600
    expect(before).toMatchObject({ forceInclusionWindowSeconds: 3_600, withdrawalDelaySeconds: 7_200, timeToExitSeconds: 10_800, exitWindowSeconds: 3_600, usersCanExit: true });
    // the force window becomes 2 h at 4,000: 14,400 − (7,200 + 7,200) = 0 — still enough
    expect(exitWindow(upgradeDelayAt(events, {}, 4_500), parametersAt(arb, stored, changes, 4_500), 4_500)).toMatchObject({ exitWindowSeconds: 0, usersCanExit: true });
    // the delay drops to 1 h at 5,000: 3,600 − 14,400 = −10,800
    expect(exitWindow(upgradeDelayAt(events, {}, 5_000), parametersAt(arb, stored, changes, 5_000), 5_000)).toMatchObject({ exitWindowSeconds: -10_800, usersCanExit: false });
    // no force-inclusion path (zkSync): no unilateral exit
    const zk: ZkSyncRollup = { id: 'z', name: 'z', stack: 'zksync', l1ChainId: 1, l2ChainId: 3, startBlock: 1, contracts: { diamondProxy: { address: '0x01', fromBlock: 1 } }, forcedPath: 'priority-queue' };
    expect(exitWindow(upgradeDelayAt([], { upgradeDelaySeconds: 86_400 }, 1), parametersAt(zk, {}, [], 1), 1)).toMatchObject({ timeToExitSeconds: null, exitWindowSeconds: null, usersCanExit: false });
  });
});

describe('upgrades, notice and pauses', () => {
  const timelock = A(0x71);
  const proxy = A(0xb1);
  const opId = `0x${'1d'.repeat(32)}`;
  const createTx = `0x${'c0'.repeat(32)}`;
  const tlTx = `0x${'e1'.repeat(32)}`;
  const events = [
    // proxy created: AdminChanged(0 → admin) + Upgraded(v1) in one tx
    ev(10, 'UPGRADED', { tx: createTx, newValue: A(0x1001) }),
    ev(10, 'ADMIN_CHANGED', { tx: createTx, logIndex: 1, oldValue: ZERO, newValue: A(0xad) }),
    ev(100, 'TIMELOCK_DELAY_SET', { contract: timelock, contractRole: 'timelock', delaySeconds: 14_400 }),
    ev(1_000, 'CALL_SCHEDULED', { contract: timelock, contractRole: 'timelock', scope: opId, delaySeconds: 14_400 }),
    // executed 5 h after it was scheduled
    ev(19_000, 'UPGRADED', { tx: tlTx, newValue: A(0x1002), extra: { viaTimelock: timelock, operationId: opId } }),
    ev(19_000, 'CALL_EXECUTED', { tx: tlTx, logIndex: 1, contract: timelock, contractRole: 'timelock', scope: opId }),
    // an instant upgrade of the same proxy
    ev(30_000, 'UPGRADED', { newValue: A(0x1003) }),
    // a timelock upgrade whose schedule lies before the indexed history: notice = the delay then
    ev(40_000, 'UPGRADED', { newValue: A(0x1004), extra: { viaTimelock: timelock, operationId: `0x${'2e'.repeat(32)}` } }),
  ];
  const paramsAt = (t: number) => parametersAt(arb, stored, [], t);
  const upgrades = upgradeExitWindows(upgradesOf(events, {}), paramsAt);

  it('measures each upgrade’s notice and exit window', () => {
    expect(upgrades.map((u) => [u.ref.time, u.previousImplementation, u.implementation, u.initial, u.noticeSeconds, u.noticeEstimated, u.exitWindowSeconds])).toEqual([
      [10, null, A(0x1001), true, 0, false, -10_800],
      [19_000, A(0x1001), A(0x1002), false, 18_000, false, 18_000 - 10_800],
      [30_000, A(0x1002), A(0x1003), false, 0, false, -10_800],
      [40_000, A(0x1003), A(0x1004), false, 14_400, true, 14_400 - 10_800],
    ]);
    expect(upgrades[1]).toMatchObject({ viaTimelock: timelock, operationId: opId, announcedAt: 1_000 });
    expect(upgrades[0]!.contract).toBe(proxy);
  });

  it('replays pauses per contract and scope', () => {
    const pauses = [
      ev(50, 'PAUSED', { contract: A(0xc1), contractRole: 'superchainConfig', extra: { identifier: 'x' } }),
      ev(60, 'UNPAUSED', { contract: A(0xc1), contractRole: 'superchainConfig' }),
      ev(70, 'PAUSED', { contract: A(0x11), contractRole: 'lineaRollup', scope: '1' }),
      ev(75, 'PAUSED', { contract: A(0x11), contractRole: 'lineaRollup', scope: '1' }), // already paused: keeps the first start
      ev(80, 'PAUSED', { contract: A(0x11), contractRole: 'lineaRollup', scope: '5' }),
      ev(90, 'UNPAUSED', { contract: A(0x11), contractRole: 'lineaRollup', scope: '1' }),
    ];
    expect(pausePeriods(pauses, 1_000).map((p) => [p.contract, p.scope, p.pausedAt.time, p.unpausedAt?.time ?? null])).toEqual([
      [A(0xc1), '', 50, 60], [A(0x11), '1', 70, 90], [A(0x11), '5', 80, null],
    ]);
    expect(openPauses(pauses, 55).map((p) => p.contract)).toEqual([A(0xc1)]);
    expect(openPauses(pauses, 85).map((p) => p.scope)).toEqual(['1', '5']);
  });

  it('health: DEGRADED for a recent upgrade without exit window, HALT while paused; merged into Health', () => {
    const pauses = pausePeriods([ev(35_000, 'PAUSED', { contract: A(0xc1), contractRole: 'superchainConfig' })], 50_000);
    // at 31,000: the instant upgrade of 30,000 (the initial one never counts; the 19,000 one had enough notice)
    expect(governanceHealthReasons({ upgrades, pauses: [] }, 31_000)).toEqual([
      expect.objectContaining({ code: 'UPGRADE_EXIT_WINDOW_NEGATIVE', severity: 'DEGRADED', since: 30_000 }),
    ]);
    // seven days later it is forgotten
    expect(governanceHealthReasons({ upgrades, pauses: [] }, 30_000 + 7 * 86_400)).toEqual([]);
    const reasons = governanceHealthReasons({ upgrades, pauses }, 50_000);
    expect(reasons.map((r) => [r.code, r.severity, r.since])).toEqual([['UPGRADE_EXIT_WINDOW_NEGATIVE', 'DEGRADED', 30_000], ['BRIDGE_PAUSED', 'HALT', 35_000]]);
    expect(reasons[1]!.message).toContain('superchainConfig');
    const ok: Health = { status: 'OK', since: 1_000, reasons: [], evaluatedAt: 50_000 };
    expect(withGovernanceReasons(ok, reasons)).toMatchObject({ status: 'HALT', since: 35_000, reasons: [{ code: 'BRIDGE_PAUSED' }, { code: 'UPGRADE_EXIT_WINDOW_NEGATIVE' }] });
    const degraded: Health = { status: 'DEGRADED', since: 40_000, reasons: [{ code: 'OPEN_CHALLENGE', severity: 'DEGRADED', message: '', since: 40_000 }], evaluatedAt: 50_000 };
    expect(withGovernanceReasons(degraded, reasons.slice(0, 1))).toMatchObject({ status: 'DEGRADED', since: 30_000 });
    expect(withGovernanceReasons(degraded, [])).toBe(degraded);
  });
});

describe('operator figures', () => {
  it('shares, Herfindahl and Nakamoto coefficient', () => {
    // 6, 3, 1 of 10: top 0.6, HHI 0.36 + 0.09 + 0.01 = 0.46, one operator holds > 50 %
    const st = operatorStats([{ address: 'b', count: 3 }, { address: 'a', count: 6 }, { address: 'c', count: 1 }]);
    expect(st).toMatchObject({ distinct: 3, total: 10, top: 'a', topShare: 0.6, nakamoto: 1 });
    expect(st.herfindahl).toBeCloseTo(0.46, 12);
    // 5 and 5: half is not more than half, two are needed
    expect(operatorStats([{ address: 'a', count: 5 }, { address: 'b', count: 5 }])).toMatchObject({ nakamoto: 2, herfindahl: 0.5 });
    expect(operatorStats([])).toEqual({ distinct: 0, total: 0, top: null, topShare: null, herfindahl: null, nakamoto: 0, operators: [] });
  });

  it('replays allow-lists, OP batcher changes replacing the set', () => {
    const c = (time: number, role: 'BATCH_POSTER' | 'VALIDATOR', address: string, enabled = true, replaces = false) => ({ ref: ref(time), role, address, enabled, replaces });
    const changes = [c(10, 'BATCH_POSTER', 'x'), c(20, 'BATCH_POSTER', 'y'), c(30, 'BATCH_POSTER', 'x', false), c(40, 'BATCH_POSTER', 'z', true, true), c(15, 'VALIDATOR', 'v')];
    expect(authorizedAt(changes, 'BATCH_POSTER', 25)).toEqual(['x', 'y']);
    expect(authorizedAt(changes, 'BATCH_POSTER', 35)).toEqual(['y']);
    expect(authorizedAt(changes, 'BATCH_POSTER', 45)).toEqual(['z']);
    expect(authorizedAt(changes, 'BATCH_POSTER', 5)).toBeNull();
    expect(authorizedAt(changes, 'BATCH_POSTER', 5, ['i'])).toEqual(['i']);
    expect(authorizedAt(changes, 'PROVER', 45)).toBeNull();
  });

  it('tells permissioned proof systems apart', () => {
    const op = (factory: boolean): OpStackRollup => ({
      id: 'o', name: 'o', stack: 'opstack', l1ChainId: 1, l2ChainId: 10, startBlock: 1,
      contracts: { optimismPortal: { address: '0x01', fromBlock: 1 }, systemConfig: { address: '0x02', fromBlock: 1 }, ...(factory ? { disputeGameFactory: { address: '0x03', fromBlock: 1 } } : {}) },
      batchInbox: '0x04', initialBatcher: '0x05', genesis: { l1Block: 1, l2Block: 0, l2Time: 0, blockTime: 2 }, sequencingWindowBlocks: 3600,
    });
    const rgt = (v: number, t: number) => ({ name: 'respectedGameType', value: String(v), blockNumber: t, blockTime: t });
    expect(proofSystemPermissioning(op(false), [], [], [], 100)).toMatchObject({ permissioned: true, mechanism: 'PROPOSER_ONLY_ORACLE' });
    expect(proofSystemPermissioning(op(true), [], [rgt(1, 10), rgt(0, 50)], [], 40)).toMatchObject({ permissioned: true, mechanism: 'PERMISSIONED_GAME', respectedGameType: 1, since: 10 });
    expect(proofSystemPermissioning(op(true), [], [rgt(1, 10), rgt(0, 50)], [], 60)).toMatchObject({ permissioned: false, mechanism: 'PERMISSIONLESS_GAME', respectedGameType: 0 });
    expect(proofSystemPermissioning(op(true), [], [], [1, 1], 60)).toMatchObject({ permissioned: true, source: 'EVENT' });
    expect(proofSystemPermissioning(op(true), [], [], [], 60)).toMatchObject({ permissioned: null, mechanism: 'UNKNOWN' });
    const wl = (t: number, disabled: boolean) => ev(t, 'VALIDATOR_WHITELIST_SET', { newValue: String(disabled) });
    expect(proofSystemPermissioning(arb, [], [], [], 10)).toMatchObject({ permissioned: true, mechanism: 'VALIDATOR_ALLOWLIST', source: 'DEFAULT' });
    expect(proofSystemPermissioning({ ...arb, id: 'arbitrum-one' }, [], [], [], 10)).toMatchObject({ permissioned: false, source: 'DEFAULT' });
    expect(proofSystemPermissioning(arb, [wl(5, true), wl(20, false)], [], [], 10)).toMatchObject({ permissioned: false, mechanism: 'VALIDATOR_ALLOWLIST_DISABLED', since: 5 });
    expect(proofSystemPermissioning(arb, [wl(5, true), wl(20, false)], [], [], 30)).toMatchObject({ permissioned: true, since: 20 });
  });
});

describe('operator diversity and governance state from Postgres', () => {
  let t: TestDatabase;
  const record: RollupRecord = { id: 'r', name: 'r', stack: 'arbitrum', l1ChainId: 1, l2ChainId: 9, definition: arb, storedParameters: stored };
  const prov = (block: number, logIndex = 0, subIndex = 0) => ({
    chainId: 1, blockNumber: block, blockHash: `0x${block.toString(16).padStart(64, 'b')}`, blockTime: block * 10,
    txHash: `0x${block.toString(16).padStart(64, 'f')}`, txIndex: 0, logIndex, subIndex,
  });

  beforeAll(async () => {
    t = await createTestDatabase();
    const db = t.db;
    // Batches at times 1,000..1,090 (blocks 100..109): poster P1 ×6, P2 ×3, P3 ×1; one batch of P4 outside the window (time 5,000).
    const posters = ['p1', 'p1', 'p2', 'p1', 'p3', 'p2', 'p1', 'p1', 'p2', 'p1'];
    await writeFacts(db, s.sequencerBatches, [
      ...posters.map((p, i) => ({ ...prov(100 + i), rollupId: 'r', batchNumber: String(i), submitter: p, dataLocation: 'CALLDATA' })),
      { ...prov(500), rollupId: 'r', batchNumber: '99', submitter: 'p4', dataLocation: 'CALLDATA' },
      { ...prov(101, 1), rollupId: 'other', batchNumber: '0', submitter: 'p9', dataLocation: 'CALLDATA' },
    ]);
    // Roots: two ASSERTION proposers (a ×2, b ×1), a root without proposer, and a ZK_PROOF by z.
    await writeFacts(db, s.stateRoots, [
      { ...prov(102, 5), rollupId: 'r', kind: 'ASSERTION', rootIndex: '1', root: '0x1', proposer: 'a' },
      { ...prov(103, 5), rollupId: 'r', kind: 'ASSERTION', rootIndex: '2', root: '0x2', proposer: 'a' },
      { ...prov(104, 5), rollupId: 'r', kind: 'ASSERTION', rootIndex: '3', root: '0x3', proposer: 'b' },
      { ...prov(105, 5), rollupId: 'r', kind: 'ASSERTION', rootIndex: '4', root: '0x4', proposer: null },
      { ...prov(106, 5), rollupId: 'r', kind: 'ZK_PROOF', rootIndex: '5', root: '0x5', proposer: 'z' },
    ]);
    // Challenge moves: c1 ×2, c2 ×2, one outcome row without claimant.
    await writeFacts(db, s.challengeMoves, ['c1', 'c2', 'c1', 'c2', null].map((c, i) => ({ ...prov(107, 10 + i), rollupId: 'r', challengeId: 'g', action: c ? 'MOVE' : 'RESOLVED', claimant: c })));
    // Allow-list: x and y enabled before the window, x disabled inside it; a VALIDATOR added by governance; whitelist disabled.
    await writeFacts(db, s.parameterChanges, [
      { ...prov(50, 1), rollupId: 'r', name: 'batchPoster', value: { address: 'x', enabled: true } },
      { ...prov(51, 1), rollupId: 'r', name: 'batchPoster', value: { address: 'y', enabled: true } },
      { ...prov(105, 1), rollupId: 'r', name: 'batchPoster', value: { address: 'x', enabled: false } },
    ]);
    await writeFacts(db, s.governanceEvents, [
      { ...prov(52, 2), rollupId: 'r', contract: A(0xa6), contractRole: 'boldRollup', kind: 'OPERATOR_SET', scope: 'VALIDATOR', newValue: 'v1', extra: { enabled: true } },
      { ...prov(108, 2), rollupId: 'r', contract: A(0xa6), contractRole: 'boldRollup', kind: 'VALIDATOR_WHITELIST_SET', newValue: 'true' },
      // the exit-window facts: timelock delay 4 h from block 10, an instant upgrade at block 200 (time 2,000), a pause at block 210
      { ...prov(10, 0), rollupId: 'r', contract: A(0x71), contractRole: 'timelock', kind: 'TIMELOCK_DELAY_SET', newValue: '14400', delaySeconds: 14_400 },
      { ...prov(200, 0), rollupId: 'r', contract: A(0xb1), contractRole: 'bridge', kind: 'UPGRADED', newValue: A(0x1002) },
      { ...prov(210, 0), rollupId: 'r', contract: A(0xc1), contractRole: 'superchainConfig', kind: 'PAUSED' },
      { ...prov(210, 0), rollupId: 'other', contract: A(0xc1), contractRole: 'superchainConfig', kind: 'PAUSED' },
    ]);
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
  });

  it('counts distinct operators and shares over the window, by hand', async () => {
    const d = await loadOperatorDiversity(t.db, record, { from: 1_000, to: 1_100 });
    expect(d.batchPosters).toMatchObject({ distinct: 3, total: 10, top: 'p1', topShare: 0.6, nakamoto: 1 });
    expect(d.batchPosters.herfindahl).toBeCloseTo(0.46, 12);
    expect(d.batchPosters.operators).toEqual([{ address: 'p1', count: 6 }, { address: 'p2', count: 3 }, { address: 'p3', count: 1 }]);
    expect(d.stateRootProposers).toMatchObject({ distinct: 2, total: 3, top: 'a', nakamoto: 1 });
    expect(d.stateRootProposers.topShare).toBeCloseTo(2 / 3, 12);
    expect(d.provers).toMatchObject({ distinct: 1, total: 1, top: 'z' });
    expect(d.challengers).toMatchObject({ distinct: 2, total: 4, topShare: 0.5, nakamoto: 2, herfindahl: 0.5 });
    expect(d.authorized).toEqual({ BATCH_POSTER: ['y'], SEQUENCER: null, PROVER: null, VALIDATOR: ['v1'] });
    expect(d.operatorSetChanges).toBe(1);
    expect(d.proofSystem).toMatchObject({ permissioned: false, mechanism: 'VALIDATOR_ALLOWLIST_DISABLED', source: 'EVENT', since: 1_080 });
    // Before the whitelist event and the disabling of x.
    const early = await loadOperatorDiversity(t.db, record, { from: 0, to: 1_000 });
    expect(early).toMatchObject({ authorized: { BATCH_POSTER: ['x', 'y'] }, batchPosters: { distinct: 0, topShare: null }, proofSystem: { permissioned: true, source: 'DEFAULT' } });
  });

  it('exit window now, upgrades and pauses of this rollup only, with health reasons', async () => {
    const g = await loadGovernanceState(t.db, record, {}, 2_200);
    // 14,400 − (3,600 + 7,200) = 3,600
    expect(g.exitWindowNow).toMatchObject({ upgradeDelay: { seconds: 14_400, source: 'TIMELOCK_EVENT' }, timeToExitSeconds: 10_800, exitWindowSeconds: 3_600, usersCanExit: true });
    expect(g.upgrades.map((u) => [u.ref.time, u.noticeSeconds, u.exitWindowSeconds, u.initial])).toEqual([[2_000, 0, -10_800, false]]);
    expect(g.pauses.map((p) => [p.contract, p.pausedAt.time, p.unpausedAt])).toEqual([[A(0xc1), 2_100, null]]);
    expect(g.reasons.map((r) => [r.code, r.severity, r.since])).toEqual([['UPGRADE_EXIT_WINDOW_NEGATIVE', 'DEGRADED', 2_000], ['BRIDGE_PAUSED', 'HALT', 2_100]]);
    expect(g.exitWindowAt(50).upgradeDelay).toEqual({ seconds: 0, source: 'DEFAULT', timelock: null });
    // The snapshot's compact inputs give the same reasons, and survive a JSON round trip.
    const inputs = JSON.parse(JSON.stringify(await loadGovernanceHealthInputs(t.db, record, {}, 2_200)));
    expect(inputs.upgrades).toHaveLength(1);
    expect(inputs.pauses).toHaveLength(1);
    expect(governanceHealthReasons(inputs, 2_200)).toEqual(g.reasons);
  });
});
