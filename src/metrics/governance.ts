/**
 * Governance figures from governance_events, parameter_changes and the operator columns of the
 * other fact tables. Pure functions first, then the SQL that feeds them (loaders at the end).
 *
 * Exit window at time t (L2BEAT's definition: how long users have to leave before an upgrade they
 * dislike takes effect):
 *   upgradeDelay(t) = 0 when the rollup has an instant upgrade path (e.g. a Security Council);
 *                     else min over its timelocks of the last TIMELOCK_DELAY_SET (MinDelayChange)
 *                     at or before t; else the definition's upgradeDelaySeconds; else 0.
 *   timeToExit(t)   = forceInclusionWindow(t) + withdrawalDelay(t) (parameters.ts at t: force a
 *                     withdrawal in, then wait out its challenge/finalization period); null when the
 *                     rollup has no force-inclusion window (no unilateral exit).
 *   exitWindow(t)   = upgradeDelay(t) − timeToExit(t); null without a unilateral exit. Users can
 *                     exit in time iff exitWindow ≥ 0.
 * At an upgrade u (UPGRADED or BEACON_UPGRADED on a watched contract):
 *   notice(u)       = time(u) − time(CALL_SCHEDULED of the timelock operation that executed it) when
 *                     its transaction holds a CallExecuted of a watched timelock (no schedule seen:
 *                     that timelock's delay at time(u), flagged estimated); time(u) − time(the
 *                     StarkWare ImplementationAdded of the same implementation); else 0 (instant).
 *   exitWindow(u)   = notice(u) − timeToExit(time(u)).
 *   initial(u)      = the proxy's first implementation, set when the proxy was created (its
 *                     transaction also has AdminChanged(0x0 → admin) on that proxy and no earlier
 *                     implementation is known): there was nothing to exit from, never alerted.
 * Pauses: PAUSED (or PAUSE_EXTENDED) opens (contract, scope), UNPAUSED of the same scope closes it;
 * a pause still open at t = the bridge is paused at t (SuperchainConfig v2 pause expiry is not modelled).
 * Health (governanceHealthReasons): UPGRADE_EXIT_WINDOW_NEGATIVE (default DEGRADED) for every
 * non-initial upgrade in the last upgradeAlertSeconds (default 7 d) whose exitWindow(u) < 0 or is
 * null; BRIDGE_PAUSED (default HALT) while any pause is open, since the earliest open pause.
 *
 * Operator diversity over [from, to): distinct batch posters (sequencer_batches.submitter), state
 * root proposers (state_roots.proposer of OUTPUT, ASSERTION, ZK_COMMIT, STATE_UPDATE), provers
 * (ZK_PROOF), challengers (challenge_moves.claimant), each with the top operator's share, the
 * Herfindahl index Σ share² and the Nakamoto coefficient (fewest operators holding > 50 %); the
 * authorized sets at `to` from operator-set events (Arbitrum BatchPosterSet/SequencerSet and OP
 * batcher in parameter_changes; OPERATOR_SET rows of governance_events); whether the proof system
 * is permissioned (see proofSystemPermissioning).
 */
import type { Queryable } from '../db/client.ts';
import type { Address, GovernanceSetup, RollupDefinition } from '../rollups/types.ts';
import type { L1Ref } from './finality.ts';
import type { Health, HealthStatus, Severity } from './health.ts';
import { num, numOrNull, refColumns, strOrNull, toRef, type RollupRecord } from './load.ts';
import { resolveParameters, type ParameterChangeRow, type RollupParameters } from './parameters.ts';

// ---------------------------------------------------------------------------------------------
// Facts

export interface GovernanceEventRecord {
  ref: L1Ref;
  rollupId: string;
  contract: string;
  contractRole: string;
  kind: string;
  scope: string;
  oldValue: string | null;
  newValue: string | null;
  actor: string | null;
  delaySeconds: number | null;
  extra: Record<string, unknown> | null;
}

const UPGRADE_KINDS = new Set(['UPGRADED', 'BEACON_UPGRADED']);
const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

/** L1 order: time, then block, tx, log, sub index. */
export const byL1Order = (a: { ref: L1Ref }, b: { ref: L1Ref }) =>
  a.ref.time - b.ref.time || a.ref.blockNumber - b.ref.blockNumber || a.ref.txIndex - b.ref.txIndex || a.ref.logIndex - b.ref.logIndex || a.ref.subIndex - b.ref.subIndex;

// ---------------------------------------------------------------------------------------------
// Exit window

export type UpgradeDelaySource = 'INSTANT_PATH' | 'TIMELOCK_EVENT' | 'DEFINITION' | 'DEFAULT';

export interface UpgradeDelay {
  seconds: number;
  source: UpgradeDelaySource;
  /** The timelock whose delay it is (TIMELOCK_EVENT). */
  timelock: string | null;
}

/** The upgrade delay in force at t (see the header). `events` may hold any kinds, in any order. */
export function upgradeDelayAt(events: readonly GovernanceEventRecord[], setup: GovernanceSetup, t: number): UpgradeDelay {
  if (setup.instantUpgradePath) return { seconds: 0, source: 'INSTANT_PATH', timelock: null };
  const latest = new Map<string, GovernanceEventRecord>();
  for (const e of events) {
    if (e.kind !== 'TIMELOCK_DELAY_SET' || e.ref.time > t || e.delaySeconds === null) continue;
    const prev = latest.get(e.contract);
    if (!prev || byL1Order(prev, e) < 0) latest.set(e.contract, e);
  }
  let best: GovernanceEventRecord | undefined;
  for (const e of latest.values()) if (!best || e.delaySeconds! < best.delaySeconds!) best = e;
  if (best) return { seconds: best.delaySeconds!, source: 'TIMELOCK_EVENT', timelock: best.contract };
  if (setup.upgradeDelaySeconds !== undefined) return { seconds: setup.upgradeDelaySeconds, source: 'DEFINITION', timelock: null };
  return { seconds: 0, source: 'DEFAULT', timelock: null };
}

/** Parameters in force at t: parameters.ts over the changes at or before t. */
export function parametersAt(definition: RollupDefinition, stored: Record<string, unknown>, changes: readonly ParameterChangeRow[], t: number): RollupParameters {
  return resolveParameters(definition, stored, changes.filter((c) => c.blockTime <= t));
}

/** forceInclusionWindow + withdrawalDelay, or null without a force-inclusion window. */
export function timeToExitSeconds(p: Pick<RollupParameters, 'forceInclusionWindowSeconds' | 'withdrawalDelaySeconds'>): number | null {
  return p.forceInclusionWindowSeconds === null ? null : p.forceInclusionWindowSeconds + p.withdrawalDelaySeconds;
}

export interface ExitWindow {
  at: number;
  upgradeDelay: UpgradeDelay;
  forceInclusionWindowSeconds: number | null;
  withdrawalDelaySeconds: number;
  timeToExitSeconds: number | null;
  /** upgradeDelay − timeToExit; null without a unilateral exit. */
  exitWindowSeconds: number | null;
  /** exitWindow ≥ 0. */
  usersCanExit: boolean;
}

export function exitWindow(upgradeDelay: UpgradeDelay, params: RollupParameters, at: number): ExitWindow {
  const timeToExit = timeToExitSeconds(params);
  const window = timeToExit === null ? null : upgradeDelay.seconds - timeToExit;
  return {
    at,
    upgradeDelay,
    forceInclusionWindowSeconds: params.forceInclusionWindowSeconds,
    withdrawalDelaySeconds: params.withdrawalDelaySeconds,
    timeToExitSeconds: timeToExit,
    exitWindowSeconds: window,
    usersCanExit: window !== null && window >= 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Upgrades and their notice

export interface Upgrade {
  ref: L1Ref;
  contract: string;
  contractRole: string;
  kind: string;
  /** `secondary` (Arbitrum user logic), `diamond` (zkSync), '' otherwise. */
  scope: string;
  implementation: string | null;
  previousImplementation: string | null;
  actor: string | null;
  viaTimelock: string | null;
  viaExecutor: string | null;
  operationId: string | null;
  /** When the change was announced (timelock schedule / StarkWare ImplementationAdded), if seen. */
  announcedAt: number | null;
  noticeSeconds: number;
  /** True when notice is the timelock's delay because its schedule was not seen. */
  noticeEstimated: boolean;
  initial: boolean;
}

/** Every upgrade of `events` with its notice (see the header), in L1 order. */
export function upgradesOf(events: readonly GovernanceEventRecord[], setup: GovernanceSetup): Upgrade[] {
  const sorted = [...events].sort(byL1Order);
  const lastImpl = new Map<string, string | null>();
  const out: Upgrade[] = [];
  for (const e of sorted) {
    if (!UPGRADE_KINDS.has(e.kind)) continue;
    const key = `${e.contract}:${e.kind}:${e.scope}`;
    const previous = lastImpl.has(key) ? lastImpl.get(key)! : null;
    const extra = e.extra ?? {};
    const viaTimelock = typeof extra.viaTimelock === 'string' ? extra.viaTimelock : null;
    const operationId = typeof extra.operationId === 'string' ? extra.operationId : null;
    let announcedAt: number | null = null;
    let notice = 0;
    let estimated = false;
    if (viaTimelock) {
      const scheduled = sorted.filter((s) => s.kind === 'CALL_SCHEDULED' && s.contract === viaTimelock && s.scope === operationId && byL1Order(s, e) < 0).at(-1);
      if (scheduled) {
        announcedAt = scheduled.ref.time;
        notice = e.ref.time - scheduled.ref.time;
      } else {
        notice = upgradeDelayAt(sorted.filter((s) => s.contract === viaTimelock), { ...setup, instantUpgradePath: false }, e.ref.time).seconds;
        estimated = true;
      }
    } else {
      const added = sorted.filter((s) => s.kind === 'UPGRADE_SCHEDULED' && s.contract === e.contract && s.newValue === e.newValue && byL1Order(s, e) < 0).at(-1);
      if (added) {
        announcedAt = added.ref.time;
        notice = e.ref.time - added.ref.time;
      }
    }
    const createdHere = sorted.some((a) => a.kind === 'ADMIN_CHANGED' && a.contract === e.contract && a.ref.txHash === e.ref.txHash && a.oldValue === ZERO_ADDRESS);
    out.push({
      ref: e.ref,
      contract: e.contract,
      contractRole: e.contractRole,
      kind: e.kind,
      scope: e.scope,
      implementation: e.newValue,
      previousImplementation: previous,
      actor: e.actor,
      viaTimelock,
      viaExecutor: typeof extra.viaExecutor === 'string' ? extra.viaExecutor : null,
      operationId,
      announcedAt,
      noticeSeconds: notice,
      noticeEstimated: estimated,
      initial: previous === null && !lastImpl.has(key) && createdHere,
    });
    lastImpl.set(key, e.newValue);
  }
  return out;
}

export interface UpgradeExitWindow extends Upgrade {
  timeToExitSeconds: number | null;
  /** notice − timeToExit at the upgrade; null without a unilateral exit. */
  exitWindowSeconds: number | null;
}

export function upgradeExitWindows(upgrades: readonly Upgrade[], paramsAt: (t: number) => RollupParameters): UpgradeExitWindow[] {
  return upgrades.map((u) => {
    const timeToExit = timeToExitSeconds(paramsAt(u.ref.time));
    return { ...u, timeToExitSeconds: timeToExit, exitWindowSeconds: timeToExit === null ? null : u.noticeSeconds - timeToExit };
  });
}

// ---------------------------------------------------------------------------------------------
// Pauses

export interface Pause {
  contract: string;
  contractRole: string;
  scope: string;
  pausedAt: L1Ref;
  pausedBy: string | null;
  /** Closing UNPAUSED, or null while still paused at the asked time. */
  unpausedAt: L1Ref | null;
}

/** Every pause period up to t (inclusive), in L1 order of their start. */
export function pausePeriods(events: readonly GovernanceEventRecord[], t: number): Pause[] {
  const open = new Map<string, Pause>();
  const out: Pause[] = [];
  for (const e of [...events].sort(byL1Order)) {
    if (e.ref.time > t) break;
    const key = `${e.contract}|${e.scope}`;
    if (e.kind === 'PAUSED' || (e.kind === 'PAUSE_EXTENDED' && !open.has(key))) {
      if (open.has(key)) continue; // already paused: the first pause holds the start
      const p: Pause = { contract: e.contract, contractRole: e.contractRole, scope: e.scope, pausedAt: e.ref, pausedBy: e.actor, unpausedAt: null };
      open.set(key, p);
      out.push(p);
    } else if (e.kind === 'UNPAUSED') {
      // An unpause closes its own scope ('' = the contract's one pause: OZ, SuperchainConfig v1, zkSync).
      const p = open.get(key);
      if (p) {
        p.unpausedAt = e.ref;
        open.delete(key);
      }
    }
  }
  return out;
}

export const openPauses = (events: readonly GovernanceEventRecord[], t: number): Pause[] => pausePeriods(events, t).filter((p) => p.unpausedAt === null);

// ---------------------------------------------------------------------------------------------
// Health

export type GovernanceReasonCode = 'UPGRADE_EXIT_WINDOW_NEGATIVE' | 'BRIDGE_PAUSED';

export interface GovernanceHealthThresholds {
  /** How long after an upgrade without exit window it keeps the rollup degraded. */
  upgradeAlertSeconds: number;
  upgradeSeverity: Severity;
  pauseSeverity: Severity;
}

export const defaultGovernanceThresholds: GovernanceHealthThresholds = {
  upgradeAlertSeconds: 7 * 86_400,
  upgradeSeverity: 'DEGRADED',
  pauseSeverity: 'HALT',
};

/** Same shape as health.ts HealthReason, with the governance codes. */
export interface GovernanceHealthReason {
  code: GovernanceReasonCode;
  severity: Severity;
  message: string;
  since: number;
}

export interface GovernanceHealthInputs {
  upgrades: readonly UpgradeExitWindow[];
  pauses: readonly Pause[];
}

function duration(s: number): string {
  const a = Math.abs(s);
  if (a < 120) return `${s} s`;
  if (a < 7_200) return `${Math.round(s / 60)} min`;
  if (a < 172_800) return `${(s / 3_600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} d`;
}

export function governanceHealthReasons(inp: GovernanceHealthInputs, now: number, th: GovernanceHealthThresholds = defaultGovernanceThresholds): GovernanceHealthReason[] {
  const reasons: GovernanceHealthReason[] = [];
  const unsafe = inp.upgrades.filter(
    (u) => !u.initial && u.ref.time <= now && now - u.ref.time < th.upgradeAlertSeconds && (u.exitWindowSeconds === null || u.exitWindowSeconds < 0),
  );
  if (unsafe.length > 0) {
    const first = unsafe[0]!;
    const last = unsafe.at(-1)!;
    const why = last.exitWindowSeconds === null
      ? 'users have no unilateral exit'
      : `notice ${duration(last.noticeSeconds)} < time to exit ${duration(last.timeToExitSeconds!)} (exit window ${duration(last.exitWindowSeconds)})`;
    reasons.push({
      code: 'UPGRADE_EXIT_WINDOW_NEGATIVE',
      severity: th.upgradeSeverity,
      message: `${unsafe.length} upgrade${unsafe.length > 1 ? 's' : ''} without exit window in the last ${duration(th.upgradeAlertSeconds)}; latest: ${last.contractRole} ${last.contract} → ${last.implementation ?? '?'}${last.viaTimelock ? '' : ' (no timelock)'}, ${why}`,
      since: first.ref.time,
    });
  }
  const open = inp.pauses.filter((p) => p.unpausedAt === null && p.pausedAt.time <= now);
  if (open.length > 0) {
    const since = Math.min(...open.map((p) => p.pausedAt.time));
    reasons.push({
      code: 'BRIDGE_PAUSED',
      severity: th.pauseSeverity,
      message: `Paused for ${duration(now - since)}: ${open.map((p) => `${p.contractRole} ${p.contract}${p.scope ? ` [${p.scope}]` : ''}`).join(', ')}`,
      since,
    });
  }
  return reasons;
}

const rank: Record<HealthStatus, number> = { OK: 0, DEGRADED: 1, HALT: 2 };

/**
 * `health` with governance reasons added: status = the worst severity of all reasons, since = the
 * earliest `since` among the reasons of that severity (health.ts rule); unchanged when none.
 */
export function withGovernanceReasons<R extends { code: string; severity: Severity; since: number }>(
  health: Omit<Health, 'reasons'> & { reasons: R[] }, extra: readonly GovernanceHealthReason[],
): Omit<Health, 'reasons'> & { reasons: (R | GovernanceHealthReason)[] } {
  if (extra.length === 0) return health;
  const reasons: (R | GovernanceHealthReason)[] = [...health.reasons, ...extra];
  let status: HealthStatus = 'OK';
  for (const r of reasons) if (rank[r.severity] > rank[status]) status = r.severity;
  const since = status === health.status && health.since !== null
    ? Math.min(health.since, ...extra.filter((r) => r.severity === status).map((r) => r.since))
    : Math.min(...reasons.filter((r) => r.severity === status).map((r) => r.since));
  reasons.sort((a, b) => rank[b.severity] - rank[a.severity] || a.since - b.since);
  return { ...health, status, since, reasons };
}

// ---------------------------------------------------------------------------------------------
// Operators

export interface OperatorCount {
  address: string;
  count: number;
}

export interface OperatorStats {
  /** Distinct operators that acted in the window. */
  distinct: number;
  /** Their actions (batches, roots, moves). */
  total: number;
  top: string | null;
  /** Actions of the most active operator ÷ total; null when total = 0. */
  topShare: number | null;
  /** Σ share²: 1 = one operator, 1/n = n equal operators; null when total = 0. */
  herfindahl: number | null;
  /** Fewest operators whose actions exceed half of the total; 0 when total = 0. */
  nakamoto: number;
  operators: OperatorCount[];
}

export function operatorStats(counts: readonly OperatorCount[]): OperatorStats {
  const operators = counts.filter((c) => c.count > 0).sort((a, b) => b.count - a.count || a.address.localeCompare(b.address));
  const total = operators.reduce((s, c) => s + c.count, 0);
  let nakamoto = 0;
  for (let acc = 0; nakamoto < operators.length && acc * 2 <= total && total > 0; nakamoto++) acc += operators[nakamoto]!.count;
  return {
    distinct: operators.length,
    total,
    top: operators[0]?.address ?? null,
    topShare: total > 0 ? operators[0]!.count / total : null,
    herfindahl: total > 0 ? operators.reduce((s, c) => s + (c.count / total) ** 2, 0) : null,
    nakamoto,
    operators,
  };
}

/** One allow-list change: `address` enabled or disabled (OP batcher: the new batcher replaces the set). */
export interface OperatorSetChange {
  ref: L1Ref;
  role: 'BATCH_POSTER' | 'SEQUENCER' | 'PROVER' | 'VALIDATOR';
  address: string;
  enabled: boolean;
  /** The change replaces the whole set (OP SystemConfig batcher). */
  replaces: boolean;
}

export type OperatorRole = OperatorSetChange['role'];

/**
 * The allow-list of `role` after replaying `changes` up to t, starting from `initial`; null when
 * neither an initial set nor any change is known (the list cannot be told from events).
 */
export function authorizedAt(changes: readonly OperatorSetChange[], role: OperatorRole, t: number, initial: readonly string[] | null = null): string[] | null {
  const relevant = changes.filter((c) => c.role === role && c.ref.time <= t).sort(byL1Order);
  if (relevant.length === 0 && initial === null) return null;
  const set = new Set((initial ?? []).map((a) => a.toLowerCase()));
  for (const c of relevant) {
    if (c.replaces) set.clear();
    if (c.enabled) set.add(c.address.toLowerCase());
    else set.delete(c.address.toLowerCase());
  }
  return [...set].sort();
}

export type PermissionMechanism =
  | 'VALIDATOR_ALLOWLIST' | 'VALIDATOR_ALLOWLIST_DISABLED' | 'PERMISSIONED_GAME' | 'PERMISSIONLESS_GAME'
  | 'PROPOSER_ONLY_ORACLE' | 'OPERATOR_ALLOWLIST' | 'UNKNOWN';

export interface ProofPermissioning {
  /** Only allow-listed parties can propose/validate state (null: cannot tell). */
  permissioned: boolean | null;
  mechanism: PermissionMechanism;
  /** EVENT: a governance/challenge fact or a parameter_changes row; DEFAULT: the stack's rule. */
  source: 'EVENT' | 'DEFAULT';
  /** When the deciding event/parameter was seen. */
  since: number | null;
  /** OP: the respected game type in force. */
  respectedGameType: number | null;
}

/** OP GameTypes that are permissioned (dispute/lib/Types.sol: 1 = PERMISSIONED_CANNON, events.md). */
export const PERMISSIONED_GAME_TYPES = new Set([1]);
/** OP GameTypes that are permissionless (0 = CANNON, 2 = ASTERISC). */
export const PERMISSIONLESS_GAME_TYPES = new Set([0, 2]);
/** Rollups whose validation is permissionless by default (no event seen): Arbitrum One since BoLD (L2BEAT). */
const PERMISSIONLESS_BY_DEFAULT = new Set(['arbitrum-one']);

/**
 * Whether the proof system is permissioned at t:
 * - Arbitrum: the last VALIDATOR_WHITELIST_SET (validatorWhitelistDisabled) — true ⇒ permissionless;
 *   none: permissioned (Nitro's default) except Arbitrum One with BoLD.
 * - OP Stack, fault proofs: the respectedGameType parameter (1 ⇒ permissioned, 0/2 ⇒ not);
 *   none: the game types created, all permissioned ⇒ permissioned; else unknown. Legacy
 *   L2OutputOracle: permissioned (one proposer).
 * - Validity-proof stacks: permissioned (allow-listed operators submit commits and proofs).
 */
export function proofSystemPermissioning(
  definition: RollupDefinition, events: readonly GovernanceEventRecord[], changes: readonly ParameterChangeRow[], gameTypesCreated: readonly number[], t: number,
): ProofPermissioning {
  if (definition.stack === 'arbitrum') {
    const last = events.filter((e) => e.kind === 'VALIDATOR_WHITELIST_SET' && e.ref.time <= t).sort(byL1Order).at(-1);
    if (last) {
      const disabled = last.newValue === 'true';
      return { permissioned: !disabled, mechanism: disabled ? 'VALIDATOR_ALLOWLIST_DISABLED' : 'VALIDATOR_ALLOWLIST', source: 'EVENT', since: last.ref.time, respectedGameType: null };
    }
    const open = PERMISSIONLESS_BY_DEFAULT.has(definition.id) && definition.contracts.boldRollup !== undefined;
    return { permissioned: !open, mechanism: open ? 'VALIDATOR_ALLOWLIST_DISABLED' : 'VALIDATOR_ALLOWLIST', source: 'DEFAULT', since: null, respectedGameType: null };
  }
  if (definition.stack === 'opstack') {
    if (!definition.contracts.disputeGameFactory) {
      return { permissioned: true, mechanism: 'PROPOSER_ONLY_ORACLE', source: 'DEFAULT', since: null, respectedGameType: null };
    }
    const param = changes.filter((c) => c.name === 'respectedGameType' && c.blockTime <= t).sort((a, b) => a.blockNumber - b.blockNumber).at(-1);
    const type = param !== undefined ? Number(param.value) : null;
    if (type !== null && Number.isFinite(type)) {
      const permissioned = PERMISSIONED_GAME_TYPES.has(type) ? true : PERMISSIONLESS_GAME_TYPES.has(type) ? false : null;
      return { permissioned, mechanism: permissioned === null ? 'UNKNOWN' : permissioned ? 'PERMISSIONED_GAME' : 'PERMISSIONLESS_GAME', source: 'EVENT', since: param!.blockTime, respectedGameType: type };
    }
    if (gameTypesCreated.length > 0) {
      const all = gameTypesCreated.every((g) => PERMISSIONED_GAME_TYPES.has(g));
      const none = gameTypesCreated.every((g) => PERMISSIONLESS_GAME_TYPES.has(g));
      return { permissioned: all ? true : none ? false : null, mechanism: all ? 'PERMISSIONED_GAME' : none ? 'PERMISSIONLESS_GAME' : 'UNKNOWN', source: 'EVENT', since: null, respectedGameType: null };
    }
    return { permissioned: null, mechanism: 'UNKNOWN', source: 'DEFAULT', since: null, respectedGameType: null };
  }
  return { permissioned: true, mechanism: 'OPERATOR_ALLOWLIST', source: 'DEFAULT', since: null, respectedGameType: null };
}

// ---------------------------------------------------------------------------------------------
// Loaders (SQL only)

export const governanceSelect = `select ${refColumns('g')}, g.rollup_id, g.contract, g.contract_role, g.kind, g.scope, g.old_value, g.new_value,
  g.actor, g.delay_seconds, g.extra from governance_events g`;
export const governanceOrder = (dir: 'asc' | 'desc' = 'asc') =>
  ['block_time', 'chain_id', 'block_number', 'tx_index', 'log_index', 'sub_index'].map((c) => `g.${c} ${dir}`).join(', ');

export function toGovernanceEvent(r: Record<string, unknown>): GovernanceEventRecord {
  return {
    ref: toRef(r),
    rollupId: String(r.rollup_id),
    contract: String(r.contract),
    contractRole: String(r.contract_role),
    kind: String(r.kind),
    scope: String(r.scope ?? ''),
    oldValue: strOrNull(r.old_value),
    newValue: strOrNull(r.new_value),
    actor: strOrNull(r.actor),
    delaySeconds: numOrNull(r.delay_seconds),
    extra: (r.extra ?? null) as Record<string, unknown> | null,
  };
}

/** Every governance event of the rollup with L1 time < to (all of history: delays and pauses need it). */
export async function loadGovernanceEvents(db: Queryable, rollupId: string, to = Number.MAX_SAFE_INTEGER): Promise<GovernanceEventRecord[]> {
  const rows = await db.query(`${governanceSelect} where g.rollup_id = $1 and g.block_time < $2 order by ${governanceOrder()}`, [rollupId, to]);
  return rows.map(toGovernanceEvent);
}

/** Every parameter change of the rollup with L1 time < to, in L1 order. */
export async function loadParameterChanges(db: Queryable, rollupId: string, to = Number.MAX_SAFE_INTEGER): Promise<ParameterChangeRow[]> {
  const rows = await db.query<{ name: string; value: unknown; block_number: string; block_time: string }>(
    `select name, value, block_number, block_time from parameter_changes where rollup_id = $1 and block_time < $2
     order by block_number, tx_index, log_index, sub_index`,
    [rollupId, to],
  );
  return rows.map((r) => ({ name: r.name, value: r.value, blockNumber: num(r.block_number), blockTime: num(r.block_time) }));
}

const refOfChange = (r: Record<string, unknown>): L1Ref => toRef(r);

/** Allow-list changes up to `to`: parameter_changes batchPoster/sequencer/batcher and OPERATOR_SET events. */
export async function loadOperatorSetChanges(db: Queryable, rollupId: string, to = Number.MAX_SAFE_INTEGER): Promise<OperatorSetChange[]> {
  const params = await db.query(
    `select ${refColumns('p')}, p.name, p.value from parameter_changes p
     where p.rollup_id = $1 and p.block_time < $2 and p.name in ('batchPoster', 'sequencer', 'batcher')`,
    [rollupId, to],
  );
  const out: OperatorSetChange[] = [];
  for (const r of params) {
    const v = r.value as { address?: string; enabled?: boolean } | string;
    if (r.name === 'batcher' && typeof v === 'string') out.push({ ref: refOfChange(r), role: 'BATCH_POSTER', address: v, enabled: true, replaces: true });
    else if (typeof v === 'object' && v && typeof v.address === 'string') {
      out.push({ ref: refOfChange(r), role: r.name === 'batchPoster' ? 'BATCH_POSTER' : 'SEQUENCER', address: v.address, enabled: v.enabled !== false, replaces: false });
    }
  }
  const events = await db.query(`${governanceSelect} where g.rollup_id = $1 and g.block_time < $2 and g.kind = 'OPERATOR_SET'`, [rollupId, to]);
  for (const e of events.map(toGovernanceEvent)) {
    if (!e.newValue || !['SEQUENCER', 'PROVER', 'VALIDATOR'].includes(e.scope)) continue;
    out.push({ ref: e.ref, role: e.scope as OperatorRole, address: e.newValue, enabled: e.extra?.enabled !== false, replaces: false });
  }
  return out.sort(byL1Order);
}

async function counts(db: Queryable, sql: string, params: unknown[]): Promise<OperatorCount[]> {
  const rows = await db.query<{ address: string; n: string }>(sql, params);
  return rows.map((r) => ({ address: String(r.address), count: num(r.n) }));
}

export const ROOT_PROPOSAL_KINDS = ['OUTPUT', 'ASSERTION', 'ZK_COMMIT', 'STATE_UPDATE'] as const;

export interface OperatorDiversity {
  from: number;
  to: number;
  batchPosters: OperatorStats;
  stateRootProposers: OperatorStats;
  provers: OperatorStats;
  challengers: OperatorStats;
  /** Allow-lists at `to` (null: not knowable from events). */
  authorized: Record<OperatorRole, string[] | null>;
  /** Allow-list changes in [from, to). */
  operatorSetChanges: number;
  proofSystem: ProofPermissioning;
}

export async function loadOperatorDiversity(db: Queryable, rollup: RollupRecord, { from, to }: { from: number; to: number }): Promise<OperatorDiversity> {
  const id = rollup.id;
  const [posters, proposers, provers, challengers, setChanges, events, changes, games] = await Promise.all([
    counts(db, `select submitter as address, count(*) as n from sequencer_batches where rollup_id = $1 and block_time >= $2 and block_time < $3 group by submitter`, [id, from, to]),
    counts(db, `select proposer as address, count(*) as n from state_roots where rollup_id = $1 and block_time >= $2 and block_time < $3
      and proposer is not null and kind = any($4::text[]) group by proposer`, [id, from, to, ROOT_PROPOSAL_KINDS]),
    counts(db, `select proposer as address, count(*) as n from state_roots where rollup_id = $1 and block_time >= $2 and block_time < $3
      and proposer is not null and kind = 'ZK_PROOF' group by proposer`, [id, from, to]),
    counts(db, `select claimant as address, count(*) as n from challenge_moves where rollup_id = $1 and block_time >= $2 and block_time < $3
      and claimant is not null group by claimant`, [id, from, to]),
    loadOperatorSetChanges(db, id, to),
    db.query(`${governanceSelect} where g.rollup_id = $1 and g.block_time < $2 and g.kind = 'VALIDATOR_WHITELIST_SET'`, [id, to]),
    loadParameterChanges(db, id, to),
    db.query<{ game_type: string }>(`select distinct (extra->>'gameType') as game_type from challenges where rollup_id = $1 and block_time < $2 and extra ? 'gameType'`, [id, to]),
  ]);
  const def = rollup.definition;
  const initialBatcher = def.stack === 'opstack' ? [def.initialBatcher.toLowerCase() as Address] : null;
  const at = to - 1;
  return {
    from,
    to,
    batchPosters: operatorStats(posters),
    stateRootProposers: operatorStats(proposers),
    provers: operatorStats(provers),
    challengers: operatorStats(challengers),
    authorized: {
      BATCH_POSTER: authorizedAt(setChanges, 'BATCH_POSTER', at, initialBatcher),
      SEQUENCER: authorizedAt(setChanges, 'SEQUENCER', at),
      PROVER: authorizedAt(setChanges, 'PROVER', at),
      VALIDATOR: authorizedAt(setChanges, 'VALIDATOR', at),
    },
    operatorSetChanges: setChanges.filter((c) => c.ref.time >= from && c.ref.time < to).length,
    proofSystem: proofSystemPermissioning(def, events.map(toGovernanceEvent), changes, games.map((g) => Number(g.game_type)).filter(Number.isFinite), at),
  };
}

/** Everything governance of one rollup at `now`: exit window now, upgrades with their exit windows, pauses, health reasons. */
export interface GovernanceState {
  setup: GovernanceSetup;
  events: GovernanceEventRecord[];
  changes: ParameterChangeRow[];
  exitWindowNow: ExitWindow;
  upgrades: UpgradeExitWindow[];
  pauses: Pause[];
  reasons: GovernanceHealthReason[];
  exitWindowAt(t: number): ExitWindow;
}

export async function loadGovernanceState(
  db: Queryable, rollup: RollupRecord, setup: GovernanceSetup, now: number, th: GovernanceHealthThresholds = defaultGovernanceThresholds,
): Promise<GovernanceState> {
  const [events, changes] = await Promise.all([loadGovernanceEvents(db, rollup.id, now + 1), loadParameterChanges(db, rollup.id, now + 1)]);
  const paramsAt = (t: number) => parametersAt(rollup.definition, rollup.storedParameters, changes, t);
  const exitWindowAt = (t: number) => exitWindow(upgradeDelayAt(events, setup, t), paramsAt(t), t);
  const upgrades = upgradeExitWindows(upgradesOf(events, setup), paramsAt);
  const pauses = pausePeriods(events, now);
  return {
    setup, events, changes, upgrades, pauses, exitWindowAt,
    exitWindowNow: exitWindowAt(now),
    reasons: governanceHealthReasons({ upgrades, pauses }, now, th),
  };
}

/**
 * What the health computation needs from governance at `now`, small and JSON-safe (for the
 * precomputed snapshot): the non-initial upgrades of the last `upgradeAlertSeconds` with their exit
 * windows, and the pauses still open. governanceHealthReasons(inputs, t) is exact for any t in
 * [now, next governance event).
 */
export async function loadGovernanceHealthInputs(
  db: Queryable, rollup: RollupRecord, setup: GovernanceSetup, now: number, th: GovernanceHealthThresholds = defaultGovernanceThresholds,
): Promise<GovernanceHealthInputs> {
  const g = await loadGovernanceState(db, rollup, setup, now, th);
  return {
    upgrades: g.upgrades.filter((u) => !u.initial && now - u.ref.time < th.upgradeAlertSeconds),
    pauses: g.pauses.filter((p) => p.unpausedAt === null),
  };
}
