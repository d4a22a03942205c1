/**
 * The health monitor: evaluates every rollup's health on a timer (health depends on time: a silent
 * sequencer degrades without any new fact) and after facts notifications, and records each status
 * change in health_changes — under a per-rollup advisory lock, so API replicas running monitors at
 * once record a change once. Each recorded change is announced (NOTIFY rollscope_health, in-process
 * event) and, when it is a real change (not the first status), handed to the webhook queue.
 */
import type { Database } from '../db/client.ts';
import type { Logger } from '../log.ts';
import type { Health, HealthThresholds } from '../metrics/health.ts';
import { computeSnapshot, factsEvents, readPollRows, rollupHealth } from '../metrics/snapshot.ts';
import type { HealthChangePayload, WebhookQueue } from '../webhooks/queue.ts';
import { HEALTH_CHANNEL, type FactFeed } from './feed.ts';

export interface HealthMonitorOptions {
  db: Database;
  thresholds: HealthThresholds;
  /** The API's now (unix seconds). */
  now: () => Promise<number>;
  feed: FactFeed;
  logger: Logger;
  intervalMs?: number;
  webhooks?: WebhookQueue;
  /** Timer ticks are skipped while this is false (e.g. before migrations are applied). */
  canRun?: () => boolean;
}

export interface RecordedChange {
  id: number;
  rollupId: string;
  status: Health['status'];
  previousStatus: Health['status'] | null;
  health: Health;
}

export interface HealthMonitor {
  /** Evaluates (some or all) rollups now; returns the changes it recorded. */
  check(ids?: string[]): Promise<RecordedChange[]>;
  start(): void;
  stop(): Promise<void>;
}

const iso = (s: number) => new Date(s * 1000).toISOString();

export function createHealthMonitor(opts: HealthMonitorOptions): HealthMonitor {
  const { db, logger } = opts;
  let timer: NodeJS.Timeout | undefined;
  let off: (() => void) | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  async function checkNow(ids?: string[]): Promise<RecordedChange[]> {
    const list = ids ?? (await db.query<{ id: string }>(`select id from rollups order by id`)).map((r) => r.id);
    if (list.length === 0) return [];
    const now = await opts.now();
    const rows = await readPollRows(db, list);
    const out: RecordedChange[] = [];
    for (const row of rows) {
      const snapshot = row.snapshot ?? (await computeSnapshot(db, row.rollup, { now }));
      const health = rollupHealth({ ...row, snapshot }, now, opts.thresholds);
      const change = await db.transaction(async (tx) => {
        await tx.query(`select pg_advisory_xact_lock(hashtext('rollscope:health:' || $1))`, [row.rollup.id]);
        const [last] = await tx.query<{ status: string }>(`select status from health_changes where rollup_id = $1 order by id desc limit 1`, [row.rollup.id]);
        if (last?.status === health.status) return null;
        const [ins] = await tx.query<{ id: string }>(
          `insert into health_changes (rollup_id, status, previous_status, reasons, at, since) values ($1, $2, $3, $4::jsonb, $5, $6) returning id`,
          [row.rollup.id, health.status, last?.status ?? null, JSON.stringify(health.reasons), now, health.since],
        );
        await tx.query(`select pg_notify($1, $2)`, [HEALTH_CHANNEL, row.rollup.id]);
        return { id: Number(ins.id), rollupId: row.rollup.id, status: health.status, previousStatus: (last?.status ?? null) as Health['status'] | null, health };
      });
      if (!change) continue;
      out.push(change);
      factsEvents.emit('health', change.rollupId);
      logger.info({ rollup: change.rollupId, status: change.status, previous: change.previousStatus, reasons: health.reasons.map((r) => r.code) }, 'health changed');
      if (opts.webhooks && change.previousStatus !== null) {
        const payload: HealthChangePayload = {
          type: 'health.changed',
          id: String(change.id),
          rollupId: change.rollupId,
          status: change.status,
          previousStatus: change.previousStatus,
          reasons: health.reasons.map((r) => ({ ...r, since: iso(r.since), sinceSeconds: r.since })),
          at: iso(now),
          atSeconds: now,
          since: health.since === null ? null : iso(health.since),
        };
        try {
          await opts.webhooks.enqueue(payload);
        } catch (err) {
          logger.error({ err, rollup: change.rollupId }, 'webhook enqueue failed');
        }
      }
    }
    return out;
  }

  /** Checks run one after another (a change is evaluated against the previous check's record). */
  const check = (ids?: string[]) => {
    const p = running.then(() => checkNow(ids));
    running = p.catch(() => undefined);
    return p;
  };

  return {
    check,
    start() {
      const tick = () =>
        (opts.canRun && !opts.canRun() ? Promise.resolve([]) : check()).catch((err) => {
          if (!stopped) logger.error({ err }, 'health check failed');
        });
      timer = setInterval(tick, opts.intervalMs ?? 5_000);
      timer.unref();
      off = opts.feed.on((kind, id) => {
        if (kind === 'facts' && !stopped && (!opts.canRun || opts.canRun())) void check(id === '*' ? undefined : [id]).catch(() => undefined);
      });
      void tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      off?.();
      await running;
    },
  };
}
