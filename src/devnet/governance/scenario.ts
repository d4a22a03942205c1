/**
 * The `upgrade` scenario: upgrades with and without timelock, a timelock delay cut, a cancelled
 * operation, a beacon upgrade, an admin handover, the validator whitelist disabled, an Inbox pause
 * and unpause on the Arbitrum-like setup; an instant OP upgrade and a SuperchainConfig pause left
 * open on the two OP-like chains. The ground truth (world.truth, also `expected.governance` of the
 * recorded truth) holds every governance fact and the figures expected from them, computed here
 * from the simulator's own timeline and the parameters it declares.
 *
 * Registration: scenarios/index.ts lists `upgrade` with `governanceParts.upgrade`.
 */
import type { DevnetContext } from '../context.ts';
import { createDevnetContext } from '../context.ts';
import type { ScenarioPart, ScenarioRunOptions } from '../scenarios/types.ts';
import type { GovernanceTruth, TruthUpgrade } from './truth.ts';
import { ARB_ID, deployGovernanceWorld, OP_IDS, TIMELOCK_DELAY, type GovernanceWorld } from './world.ts';

/**
 * Protocol parameters the devnet rollups are declared with (production reads them from the
 * contracts into rollups.parameters): Arbitrum-like force window 1 h + challenge period 2 h ⇒ 3 h
 * to exit; OP-like sequencing window 100 blocks × 12 s + finalization period 1 h ⇒ 80 min.
 */
export const GOVERNANCE_DEVNET_PARAMETERS: Record<string, Record<string, unknown>> = {
  [ARB_ID]: { maxTimeVariation: { delayBlocks: '300', futureBlocks: '300', delaySeconds: '3600', futureSeconds: '3600' }, challengePeriodSeconds: 7_200 },
  [OP_IDS[0]]: { finalizationPeriodSeconds: 3_600 },
  [OP_IDS[1]]: { finalizationPeriodSeconds: 3_600 },
};
/** Time to exit by the declared parameters (independent arithmetic, see above). */
export const DEVNET_TIME_TO_EXIT: Record<string, number> = { [ARB_ID]: 3_600 + 7_200, [OP_IDS[0]]: 100 * 12 + 3_600, [OP_IDS[1]]: 100 * 12 + 3_600 };
/** The timelock delay after the scenario's cut. */
export const REDUCED_DELAY = 7_200;
/** How long after an unsafe upgrade health stays degraded (metrics default). */
const UPGRADE_ALERT_SECONDS = 7 * 86_400;

export async function runUpgradeScenario(ctx: DevnetContext, opts: ScenarioRunOptions = {}): Promise<GovernanceWorld> {
  const log = (msg: string, fields?: Record<string, unknown>) => opts.log?.(`governance: ${msg}`, fields);
  const w = await deployGovernanceWorld(ctx);
  const { v2, v3 } = w.arb.impls;
  const scheduledAt = new Map<string, number>();
  const exitWindows: GovernanceTruth['exitWindows'] = { [ARB_ID]: [], [OP_IDS[0]]: [], [OP_IDS[1]]: [] };
  const exitAt = (id: string, t: number, delay: number) => exitWindows[id]!.push([t, delay, delay - DEVNET_TIME_TO_EXIT[id]!]);
  exitAt(ARB_ID, await ctx.clock.now(), TIMELOCK_DELAY);

  // 1. An upgrade through the timelock: scheduled, executed after the delay.
  const opA = await w.scheduleUpgrade('bridge', v2);
  scheduledAt.set(opA.id, opA.scheduledAt);
  await ctx.clock.advance(TIMELOCK_DELAY + 60);
  await w.execute(opA);

  // 2. The delay is cut to 2 h (itself through the timelock); an operation is cancelled.
  const opB = await w.scheduleDelayUpdate(REDUCED_DELAY);
  const opC = await w.scheduleUpgrade('outbox', v3);
  await w.cancel(opC);
  await ctx.clock.advance(TIMELOCK_DELAY + 60);
  const cut = await w.execute(opB);
  exitAt(ARB_ID, cut.ref.timestamp, REDUCED_DELAY);

  // 3. The Security Council acts at once through the UpgradeExecutor.
  await ctx.clock.advance(600);
  await w.councilUpgrade('sequencerInbox', v3);
  await w.councilUpgradeBeacon('outbox');
  await w.councilChangeAdmin('outbox', w.accounts.council.address.toLowerCase() as `0x${string}`);
  await w.councilSetValidatorWhitelistDisabled(true);

  // 4. The guardian pauses the Inbox for an hour.
  await w.pauseInbox();
  await ctx.clock.advance(3_600);
  await w.unpauseInbox();

  // 5. The ProxyAdmin is handed to the timelock, through the timelock (2 h now).
  const opD = await w.scheduleProxyAdminTransfer(w.arb.timelock);
  scheduledAt.set(opD.id, opD.scheduledAt);
  await ctx.clock.advance(REDUCED_DELAY + 60);
  await w.execute(opD);

  // 6. OP: the ProxyAdmin owner upgrades a portal at once; the guardian pauses the Superchain.
  await w.opUpgradePortal(0, v2);
  await w.pauseSuperchain('devnet incident');
  await ctx.clock.advance(600);
  const end = await ctx.clock.now();
  for (const id of OP_IDS) exitAt(id, end, 0);
  exitAt(ARB_ID, end, REDUCED_DELAY);

  // Expected figures, by plain arithmetic over the simulator's timeline.
  const t = w.truth;
  const seen = new Set<string>();
  const upgrades: TruthUpgrade[] = [];
  for (const e of [...t.events].sort((a, b) => a.l1.blockNumber - b.l1.blockNumber || a.l1.logIndex! - b.l1.logIndex!)) {
    if (e.kind !== 'UPGRADED' && e.kind !== 'BEACON_UPGRADED') continue;
    const key = `${e.rollupId}:${e.contract}:${e.kind}`;
    const initial = e.kind === 'UPGRADED' && !seen.has(key);
    seen.add(key);
    const notice = e.operationId ? e.l1.timestamp - scheduledAt.get(e.operationId)! : 0;
    const toExit = DEVNET_TIME_TO_EXIT[e.rollupId]!;
    upgrades.push({ rollupId: e.rollupId, contract: e.contract, implementation: e.newValue as `0x${string}`, l1: e.l1, noticeSeconds: notice, timeToExitSeconds: toExit, exitWindowSeconds: notice - toExit, initial });
  }
  t.upgrades = upgrades;
  t.exitWindows = exitWindows;
  for (const id of [ARB_ID, ...OP_IDS]) {
    const reasons: { code: string; severity: string; since: number }[] = [];
    const unsafe = upgrades.filter((u) => u.rollupId === id && !u.initial && u.exitWindowSeconds < 0 && end - u.l1.timestamp < UPGRADE_ALERT_SECONDS);
    if (unsafe.length) reasons.push({ code: 'UPGRADE_EXIT_WINDOW_NEGATIVE', severity: 'DEGRADED', since: Math.min(...unsafe.map((u) => u.l1.timestamp)) });
    const open = t.pauses.filter((p) => p.rollupId === id && p.unpausedAt === null);
    if (open.length) reasons.push({ code: 'BRIDGE_PAUSED', severity: 'HALT', since: Math.min(...open.map((p) => p.pausedAt)) });
    t.health[id] = { at: end, reasons };
  }
  t.permissioned = { [ARB_ID]: false, [OP_IDS[0]]: true, [OP_IDS[1]]: true };
  ctx.recorder.setExpected('governance', t);
  log('upgrade done', { events: t.events.length, upgrades: upgrades.length });
  return w;
}

export const governanceParts = {
  upgrade: { stack: 'governance', run: async (ctx, opts) => void (await runUpgradeScenario(ctx, opts)) } satisfies ScenarioPart,
};

/** A fresh devnet with the `upgrade` scenario run in it (the chains keep running: `world.ctx.stop()`). */
export async function runGovernanceScenario(opts: ScenarioRunOptions = {}): Promise<GovernanceWorld> {
  const ctx = await createDevnetContext({ scenario: 'upgrade' });
  try {
    return await runUpgradeScenario(ctx, opts);
  } catch (e) {
    await ctx.stop();
    throw e;
  }
}
