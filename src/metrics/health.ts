/**
 * Health of a rollup at `now`: OK, DEGRADED or HALT, with the reasons. Each reason has a severity
 * and `since` (when its condition began at that severity):
 *   BATCH_SILENT            no batch for ≥ batchSilentHaltSeconds → HALT (since last + halt);
 *                           ≥ batchSilentDegradedSeconds, or the open gap is a liveness anomaly
 *                           (z ≥ 15 vs the 30-day intervals) → DEGRADED
 *                           (since min(last + degraded, last + mean + 15·std))
 *   STATE_ROOT_LATE         no state root for ≥ stateRootLateDegradedSeconds → DEGRADED
 *                           (≥ stateRootLateHaltSeconds → HALT when set)
 *   FORCED_QUEUE_PAST_WINDOW the oldest unprocessed forced message is past its deadline
 *                           → forcedQueueSeverity (default DEGRADED), since its deadline
 *   OPEN_CHALLENGE          a challenge without outcome → openChallengeSeverity (default DEGRADED)
 *   L1_REORG                a reorg of the L1 seen within reorgCooldownSeconds → DEGRADED
 *   DATA_STALE              the L1 head rollscope follows is older than dataStaleSeconds → DEGRADED
 * Status = the worst severity; its `since` = the earliest `since` among reasons of that severity.
 *
 * Sequencer uptime (Chainlink L2 Sequencer Uptime Feed shape): answer 1 (down) while status is
 * HALT, else 0 (up). startedAt = when the current answer began: while down, the HALT since; while
 * up, the end of the last HALT (the batch that closed the last gap ≥ batchSilentHaltSeconds, or the
 * last observed HALT → non-HALT change), else the first batch. Aave v3 PriceOracleSentinel rule:
 * borrowing and liquidations allowed iff answer = 0 and now − startedAt > gracePeriod.
 */
import { ANOMALY_Z_THRESHOLD } from './liveness.ts';

export type HealthStatus = 'OK' | 'DEGRADED' | 'HALT';
export type Severity = 'DEGRADED' | 'HALT';
export type ReasonCode = 'BATCH_SILENT' | 'STATE_ROOT_LATE' | 'FORCED_QUEUE_PAST_WINDOW' | 'OPEN_CHALLENGE' | 'L1_REORG' | 'DATA_STALE';

export interface HealthThresholds {
  batchSilentDegradedSeconds: number;
  batchSilentHaltSeconds: number;
  /** Judge the open batch gap as an anomaly (z ≥ anomalyZ vs 30-day intervals) → DEGRADED. */
  batchAnomalyDegrades: boolean;
  anomalyZ: number;
  stateRootLateDegradedSeconds: number;
  /** null: late state roots never halt. */
  stateRootLateHaltSeconds: number | null;
  forcedQueueSeverity: Severity;
  openChallengeSeverity: Severity;
  reorgCooldownSeconds: number;
  dataStaleSeconds: number;
}

export const defaultHealthThresholds: HealthThresholds = {
  batchSilentDegradedSeconds: 900,
  batchSilentHaltSeconds: 3_600,
  batchAnomalyDegrades: true,
  anomalyZ: ANOMALY_Z_THRESHOLD,
  stateRootLateDegradedSeconds: 14_400,
  stateRootLateHaltSeconds: null,
  forcedQueueSeverity: 'DEGRADED',
  openChallengeSeverity: 'DEGRADED',
  reorgCooldownSeconds: 120,
  dataStaleSeconds: 300,
};

export interface HealthInputs {
  firstBatchAt: number | null;
  lastBatchAt: number | null;
  /** Population mean/std of the batch intervals of the 30 days before the last batch. */
  batchIntervals: { samples: number; mean: number; std: number };
  /** Batch gaps (start, end) of the last 30 days at least 60 s long, newest last. */
  batchGaps: { start: number; end: number }[];
  lastStateRootAt: number | null;
  oldestForced: { queueIndex: string; enqueuedAt: number; deadline: number | null } | null;
  openChallenges: { count: number; earliestCreatedAt: number | null; onLatestRoot: boolean };
  lastReorgAt: number | null;
  l1HeadTime: number | null;
  /** Last observed change out of HALT (from the health change log). */
  lastHaltEndedObserved: number | null;
  lastOkObserved: number | null;
}

export interface HealthReason {
  code: ReasonCode;
  severity: Severity;
  message: string;
  since: number;
}

export interface Health {
  status: HealthStatus;
  since: number | null;
  reasons: HealthReason[];
  evaluatedAt: number;
}

const rank = { OK: 0, DEGRADED: 1, HALT: 2 } as const;

function duration(s: number): string {
  if (s < 120) return `${s} s`;
  if (s < 7_200) return `${Math.floor(s / 60)} min`;
  if (s < 172_800) return `${(s / 3_600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} d`;
}

export function evaluateHealth(inp: HealthInputs, now: number, th: HealthThresholds = defaultHealthThresholds): Health {
  const reasons: HealthReason[] = [];

  if (inp.lastBatchAt !== null) {
    const silent = now - inp.lastBatchAt;
    const { samples, mean, std } = inp.batchIntervals;
    // The open gap becomes an anomaly when silent − mean ≥ z·std and silent > mean (std = 0: any silent > mean).
    const anomalyAt = th.batchAnomalyDegrades && samples >= 2 ? inp.lastBatchAt + (std > 0 ? mean + th.anomalyZ * std : Math.floor(mean) + 1) : Infinity;
    if (silent >= th.batchSilentHaltSeconds) {
      reasons.push({ code: 'BATCH_SILENT', severity: 'HALT', message: `No batch for ${duration(silent)} (halt after ${duration(th.batchSilentHaltSeconds)})`, since: inp.lastBatchAt + th.batchSilentHaltSeconds });
    } else if (silent >= th.batchSilentDegradedSeconds || now >= anomalyAt) {
      const since = Math.min(inp.lastBatchAt + th.batchSilentDegradedSeconds, anomalyAt);
      const why = now >= anomalyAt ? `an anomaly: z ≥ ${th.anomalyZ} against the 30-day mean ${Math.round(mean)} s` : `degraded after ${duration(th.batchSilentDegradedSeconds)}`;
      reasons.push({ code: 'BATCH_SILENT', severity: 'DEGRADED', message: `No batch for ${duration(silent)} (${why})`, since });
    }
  }

  if (inp.lastStateRootAt !== null) {
    const late = now - inp.lastStateRootAt;
    if (th.stateRootLateHaltSeconds !== null && late >= th.stateRootLateHaltSeconds) {
      reasons.push({ code: 'STATE_ROOT_LATE', severity: 'HALT', message: `No state root for ${duration(late)}`, since: inp.lastStateRootAt + th.stateRootLateHaltSeconds });
    } else if (late >= th.stateRootLateDegradedSeconds) {
      reasons.push({ code: 'STATE_ROOT_LATE', severity: 'DEGRADED', message: `No state root for ${duration(late)}`, since: inp.lastStateRootAt + th.stateRootLateDegradedSeconds });
    }
  }

  const f = inp.oldestForced;
  if (f && f.deadline !== null && now >= f.deadline) {
    reasons.push({
      code: 'FORCED_QUEUE_PAST_WINDOW',
      severity: th.forcedQueueSeverity,
      message: `Forced message ${f.queueIndex} waits for ${duration(now - f.enqueuedAt)}, past its force-inclusion deadline by ${duration(now - f.deadline)}`,
      since: f.deadline,
    });
  }

  const c = inp.openChallenges;
  if (c.count > 0) {
    reasons.push({
      code: 'OPEN_CHALLENGE',
      severity: th.openChallengeSeverity,
      message: `${c.count} open challenge${c.count > 1 ? 's' : ''}${c.onLatestRoot ? ', including one on the latest state root' : ''}`,
      since: c.earliestCreatedAt ?? now,
    });
  }

  if (inp.lastReorgAt !== null && now - inp.lastReorgAt < th.reorgCooldownSeconds && now >= inp.lastReorgAt) {
    reasons.push({ code: 'L1_REORG', severity: 'DEGRADED', message: `L1 reorg ${duration(now - inp.lastReorgAt)} ago`, since: inp.lastReorgAt });
  }

  if (inp.l1HeadTime !== null && now - inp.l1HeadTime >= th.dataStaleSeconds) {
    reasons.push({ code: 'DATA_STALE', severity: 'DEGRADED', message: `The followed L1 head is ${duration(now - inp.l1HeadTime)} old`, since: inp.l1HeadTime + th.dataStaleSeconds });
  }

  let status: HealthStatus = 'OK';
  for (const r of reasons) if (rank[r.severity] > rank[status]) status = r.severity;
  let since: number | null = null;
  if (status !== 'OK') since = Math.min(...reasons.filter((r) => r.severity === status).map((r) => r.since));
  else {
    // OK since the end of the last non-OK period we can tell: the batch that closed the last gap
    // ≥ the degraded threshold, or the last observed change to OK.
    const gap = [...inp.batchGaps].reverse().find((g) => g.end - g.start >= th.batchSilentDegradedSeconds && g.end <= now);
    const candidates = [gap?.end, inp.lastOkObserved ?? undefined].filter((x): x is number => x !== undefined && x <= now);
    since = candidates.length ? Math.max(...candidates) : inp.firstBatchAt;
  }
  reasons.sort((a, b) => rank[b.severity] - rank[a.severity] || a.since - b.since);
  return { status, since, reasons, evaluatedAt: now };
}

export interface SequencerUptime {
  /** 0 = up, 1 = down (Chainlink convention). */
  answer: 0 | 1;
  startedAt: number;
  gracePeriodSeconds: number;
  /** Aave v3 PriceOracleSentinel: answer = 0 and now − startedAt > gracePeriod. */
  borrowAllowed: boolean;
  liquidationAllowed: boolean;
}

export function sequencerUptime(h: Health, inp: HealthInputs, now: number, gracePeriodSeconds: number, th: HealthThresholds = defaultHealthThresholds): SequencerUptime {
  if (h.status === 'HALT') {
    return { answer: 1, startedAt: h.since ?? now, gracePeriodSeconds, borrowAllowed: false, liquidationAllowed: false };
  }
  const gap = [...inp.batchGaps].reverse().find((g) => g.end - g.start >= th.batchSilentHaltSeconds && g.end <= now);
  const candidates = [gap?.end, inp.lastHaltEndedObserved ?? undefined].filter((x): x is number => x !== undefined && x <= now);
  const startedAt = candidates.length ? Math.max(...candidates) : (inp.firstBatchAt ?? 0);
  const allowed = now - startedAt > gracePeriodSeconds;
  return { answer: 0, startedAt, gracePeriodSeconds, borrowAllowed: allowed, liquidationAllowed: allowed };
}
