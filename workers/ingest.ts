/**
 * BullMQ ingest worker entry point (what `rollscope worker` runs): processes range and head jobs of
 * every configured chain; with Redis and Postgres, one worker is elected scheduler (src/app.ts).
 * The job processors themselves live in src/ingest (queue.ts, process-range.ts, head.ts).
 *   node bin/run.mjs workers/ingest.ts      (configuration from the environment / ROLLSCOPE_CONFIG)
 */
import { loadConfig } from '../src/config/load.ts';
import { createLogger } from '../src/log.ts';
import { startApp } from '../src/app.ts';

const config = loadConfig();
const logger = createLogger(config.logLevel);
const app = await startApp(config, logger, { api: false, worker: true });
const stop = async (signal: string) => {
  logger.info({ signal }, 'stopping');
  await app.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
