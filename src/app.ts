/**
 * The composition root: configuration → database (migrated) → ingest and/or API.
 * - `start`: API + ingest (scheduler and job processing) in one process;
 * - `api`: the API only;
 * - `worker`: job processing; with Redis and Postgres, every worker processes jobs and one of them
 *   (elected through a Postgres advisory lock) also schedules; without Redis, one in-process engine.
 */
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { LoadedConfig } from './config/load.ts';
import { openDatabase, type Database } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { upsertRollups } from './db/rollups.ts';
import { electLeader, type Leadership } from './db/leader.ts';
import { createApiServer, type ApiServer } from './api/server.ts';
import { createIngest, runWorker, type Ingest, type IngestTuning } from './ingest/index.ts';
import { planIngest } from './ingest-bindings.ts';
import { watchFacts, type FactWatch } from './fact-watch.ts';
import { readOnchainParameters } from './rollups/read-parameters.ts';
import type { Logger } from './log.ts';

export interface AppRoles {
  api: boolean;
  worker: boolean;
}

export interface App {
  db: Database;
  registry: Registry;
  api?: ApiServer;
  ingest?: Ingest;
  /** Base URL of the API when it listens. */
  url?: string;
  stop(): Promise<void>;
}

const SCHEDULER_LOCK = 7_262_002;

/** Settings that are not configuration (the demo turns the backfill progress display off). */
export interface AppExtras {
  ingestTuning?: IngestTuning;
}

export async function startApp(config: LoadedConfig, logger: Logger, roles: AppRoles, extras: AppExtras = {}): Promise<App> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const waitingFor = new Set<string>(['migrations']);
  const stoppers: (() => Promise<void>)[] = [];

  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  logger.info({ backend: db.kind, dataDir: db.kind === 'pglite' ? config.dataDir : undefined }, 'database opened');

  let ingest: Ingest | undefined;
  let api: ApiServer | undefined;
  let url: string | undefined;
  if (roles.api) {
    api = createApiServer({
      db,
      registry,
      logger,
      thresholds: config.health,
      blobSchedules: Object.fromEntries(Object.entries(config.blobSchedules).map(([id, steps]) => [Number(id), steps])),
      responseCache: config.api.responseCache,
      maxBodyBytes: config.api.maxBodyBytes,
      monitor: { intervalMs: config.api.monitorIntervalMs },
      webhooks: config.webhooks.length > 0 && config.redisUrl ? { redisUrl: config.redisUrl, endpoints: config.webhooks } : undefined,
      readiness: () => {
        if (ingest && !ingest.backfillDone()) waitingFor.add('backfill');
        else waitingFor.delete('backfill');
        return { ready: waitingFor.size === 0, waitingFor: [...waitingFor] };
      },
    });
    const bound = await api.listen(config.api.port, config.api.host);
    url = bound.url;
    logger.info({ url: `${url}/graphql` }, 'API listening');
  }

  await migrate(db);
  await upsertRollups(db, config.enabledRollups);
  waitingFor.delete('migrations');
  logger.info({ rollups: config.enabledRollups.map((r) => r.id) }, 'migrations applied');

  if (roles.worker) {
    const plan = planIngest(config, db);
    for (const s of plan.skipped) logger.warn({ rollup: s.rollupId, reason: s.reason }, 'rollup not indexed');
    for (const { definition } of plan.bindings) {
      const url = config.chains[String(definition.l1ChainId)]?.rpcUrls[0];
      if (!url) continue;
      try {
        const parameters = await readOnchainParameters(definition, url);
        if (Object.keys(parameters).length === 0) continue;
        await db.query(`update rollups set parameters = parameters || $2::jsonb, updated_at = now() where id = $1`, [definition.id, JSON.stringify(parameters)]);
        logger.info({ rollup: definition.id, parameters }, 'parameters read from the contracts');
      } catch (err) {
        // Defaults and parameter_changes facts still apply; the API says where each value came from.
        logger.warn({ rollup: definition.id, err: (err as Error).message }, 'could not read parameters from the contracts');
      }
    }
    if (plan.bindings.length > 0) {
      const options = {
        db,
        chains: plan.chains,
        rollups: plan.bindings,
        redis: config.redisUrl,
        logger,
        metrics: registry,
        concurrency: config.workerConcurrency,
        tuning: extras.ingestTuning,
      };
      const shared = Boolean(config.redisUrl && db.kind === 'postgres');
      const rollupIds = plan.bindings.map((b) => b.definition.id);
      if (roles.api || !shared) {
        // One process does everything (start, or a worker without Redis/Postgres to share through).
        ingest = createIngest(options);
        await ingest.start();
        const watch = watchFacts({ db, logger, rollupIds });
        stoppers.push(() => watch.stop(), () => ingest!.stop());
      } else {
        const worker = await runWorker(options);
        stoppers.push(() => worker.stop());
        let scheduler: Ingest | undefined;
        let watch: FactWatch | undefined;
        const leadership: Leadership = electLeader({
          url: config.databaseUrl!,
          lockKey: SCHEDULER_LOCK,
          onElected: async () => {
            logger.info({}, 'elected ingest scheduler');
            scheduler = createIngest({ ...options, processJobs: false });
            await scheduler.start();
            watch = watchFacts({ db, logger, rollupIds });
          },
          onLost: async () => {
            logger.warn({}, 'lost ingest scheduler lock');
            await watch?.stop();
            await scheduler?.stop();
            scheduler = undefined;
            watch = undefined;
          },
          onError: (err) => logger.error({ err }, 'scheduler election failed'),
        });
        stoppers.unshift(() => leadership.stop());
      }
      logger.info({ rollups: plan.bindings.map((b) => b.definition.id), chains: plan.chains.map((c) => c.chainId) }, 'ingest started');
    }
  }

  return {
    db,
    registry,
    api,
    ingest,
    url,
    async stop() {
      await api?.close();
      for (const stop of stoppers) await stop();
      await db.close();
    },
  };
}
