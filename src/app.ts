/**
 * The composition root: configuration → database (migrated) → ingest and/or API.
 * `rollscope start` runs both in one process; `api` and `worker` run one role each.
 */
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { LoadedConfig } from './config/load.ts';
import { openDatabase, type Database } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { upsertRollups } from './db/rollups.ts';
import { createApiServer, type ApiServer } from './api/server.ts';
import type { Logger } from './log.ts';

export interface AppRoles {
  api: boolean;
  worker: boolean;
}

export interface App {
  db: Database;
  registry: Registry;
  api?: ApiServer;
  /** Base URL of the API when it listens. */
  url?: string;
  stop(): Promise<void>;
}

export async function startApp(config: LoadedConfig, logger: Logger, roles: AppRoles): Promise<App> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const waitingFor = new Set<string>(['migrations']);

  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  logger.info({ backend: db.kind, dataDir: db.kind === 'pglite' ? config.dataDir : undefined }, 'database opened');

  let api: ApiServer | undefined;
  let url: string | undefined;
  if (roles.api) {
    api = createApiServer({
      db,
      registry,
      logger,
      readiness: () => ({ ready: waitingFor.size === 0, waitingFor: [...waitingFor] }),
    });
    const bound = await api.listen(config.api.port, config.api.host);
    url = bound.url;
    logger.info({ url: `${url}/graphql` }, 'API listening');
  }

  await migrate(db);
  await upsertRollups(db, config.enabledRollups);
  waitingFor.delete('migrations');
  logger.info({ rollups: config.enabledRollups.map((r) => r.id) }, 'migrations applied');

  return {
    db,
    registry,
    api,
    url,
    async stop() {
      await api?.close();
      await db.close();
    },
  };
}
