import { describe, expect, it } from 'vitest';
import { defaultHealthThresholds, evaluateHealth, sequencerUptime, type HealthInputs } from './health.ts';

const T = 1_700_000_000;
const base: HealthInputs = {
  firstBatchAt: T - 86_400,
  lastBatchAt: T,
  batchIntervals: { samples: 100, mean: 60, std: 10 },
  batchGaps: [],
  lastStateRootAt: T - 600,
  oldestForced: null,
  openChallenges: { count: 0, earliestCreatedAt: null, onLatestRoot: false },
  lastReorgAt: null,
  l1HeadTime: null,
  lastHaltEndedObserved: null,
  lastOkObserved: null,
};

describe('health', () => {
  it('is OK right after a batch, since the first batch when nothing went wrong', () => {
    expect(evaluateHealth(base, T + 30)).toEqual({ status: 'OK', since: T - 86_400, reasons: [], evaluatedAt: T + 30 });
  });

  it('outage: DEGRADED once the open gap is an anomaly, then HALT, then OK again after the next batch', () => {
    // Anomaly when silent ≥ mean + 15·std = 210 s (before the 900 s degraded threshold).
    expect(evaluateHealth(base, T + 209).status).toBe('OK');
    const d = evaluateHealth(base, T + 210);
    expect(d).toMatchObject({ status: 'DEGRADED', since: T + 210 });
    expect(d.reasons).toEqual([{ code: 'BATCH_SILENT', severity: 'DEGRADED', message: expect.stringMatching(/anomaly/), since: T + 210 }]);
    const h = evaluateHealth(base, T + 3_600);
    expect(h).toMatchObject({ status: 'HALT', since: T + 3_600, reasons: [{ code: 'BATCH_SILENT', severity: 'HALT', since: T + 3_600 }] });
    const recovered = { ...base, lastBatchAt: T + 4_000, batchGaps: [{ start: T, end: T + 4_000 }] };
    expect(evaluateHealth(recovered, T + 4_010)).toEqual({ status: 'OK', since: T + 4_000, reasons: [], evaluatedAt: T + 4_010 });
  });

  it('without the anomaly rule, degrades at the fixed threshold', () => {
    const th = { ...defaultHealthThresholds, batchAnomalyDegrades: false };
    expect(evaluateHealth(base, T + 899, th).status).toBe('OK');
    expect(evaluateHealth(base, T + 900, th)).toMatchObject({ status: 'DEGRADED', since: T + 900 });
  });

  it('flags late state roots, a forced queue past its window, open challenges, reorgs and stale data', () => {
    const inp: HealthInputs = {
      ...base,
      lastStateRootAt: T - 20_000,
      oldestForced: { queueIndex: '7', enqueuedAt: T - 90_000, deadline: T - 3_600 },
      openChallenges: { count: 2, earliestCreatedAt: T - 50, onLatestRoot: true },
      lastReorgAt: T - 10,
      l1HeadTime: T - 400,
    };
    const h = evaluateHealth(inp, T);
    expect(h.status).toBe('DEGRADED');
    expect(h.since).toBe(T - 20_000 + 14_400);
    expect(h.reasons.map((r) => [r.code, r.severity, r.since])).toEqual([
      ['STATE_ROOT_LATE', 'DEGRADED', T - 5_600],
      ['FORCED_QUEUE_PAST_WINDOW', 'DEGRADED', T - 3_600],
      ['DATA_STALE', 'DEGRADED', T - 100],
      ['OPEN_CHALLENGE', 'DEGRADED', T - 50],
      ['L1_REORG', 'DEGRADED', T - 10],
    ]);
    expect(h.reasons[3].message).toMatch(/2 open challenges, including one on the latest state root/);
    const strict = evaluateHealth(inp, T, { ...defaultHealthThresholds, forcedQueueSeverity: 'HALT', stateRootLateHaltSeconds: 18_000 });
    expect(strict).toMatchObject({ status: 'HALT', since: T - 3_600 });
    expect(evaluateHealth(inp, T + 200).reasons.some((r) => r.code === 'L1_REORG')).toBe(false);
  });
});

describe('sequencer uptime feed and the Aave sentinel', () => {
  it('is down (1) while HALT, with startedAt = when the halt began', () => {
    const h = evaluateHealth(base, T + 5_000);
    expect(sequencerUptime(h, base, T + 5_000, 3_600)).toEqual({ answer: 1, startedAt: T + 3_600, gracePeriodSeconds: 3_600, borrowAllowed: false, liquidationAllowed: false });
  });
  it('is up (0) since the batch that ended the last halt; the grace period must pass strictly', () => {
    const inp = { ...base, lastBatchAt: T + 4_000, batchGaps: [{ start: T - 100, end: T - 40 }, { start: T, end: T + 4_000 }, { start: T + 4_000, end: T + 4_100 }] };
    const at = (now: number) => sequencerUptime(evaluateHealth({ ...inp, lastBatchAt: T + 4_100 }, now), inp, now, 600);
    expect(at(T + 4_200)).toMatchObject({ answer: 0, startedAt: T + 4_000, borrowAllowed: false });
    expect(at(T + 4_600)).toMatchObject({ answer: 0, borrowAllowed: false });
    expect(at(T + 4_601)).toMatchObject({ answer: 0, borrowAllowed: true, liquidationAllowed: true });
  });
  it('uses the observed end of a non-batch halt when later, else the first batch', () => {
    const h = evaluateHealth(base, T + 10);
    expect(sequencerUptime(h, { ...base, lastHaltEndedObserved: T - 5 }, T + 10, 60).startedAt).toBe(T - 5);
    expect(sequencerUptime(h, base, T + 10, 60)).toMatchObject({ startedAt: T - 86_400, borrowAllowed: true });
  });
});
