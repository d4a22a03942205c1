/**
 * BullMQ webhook delivery worker entry point: delivers the HMAC-signed health-change notifications
 * the API enqueues (src/webhooks/queue.ts), with retries. Run it where the API runs with
 * `deliver: false`, or beside it; needs REDIS_URL and `webhooks` in the configuration.
 *   node bin/run.mjs workers/webhooks.ts
 */
import { loadConfig } from '../src/config/load.ts';
import { createLogger } from '../src/log.ts';
import { createWebhookWorker } from '../src/webhooks/queue.ts';

const config = loadConfig();
const logger = createLogger(config.logLevel);
if (!config.redisUrl || config.webhooks.length === 0) {
  logger.error({ redisUrl: Boolean(config.redisUrl), webhooks: config.webhooks.length }, 'webhook worker needs REDIS_URL and at least one webhook');
  process.exit(78);
}
const worker = createWebhookWorker({ redisUrl: config.redisUrl, endpoints: config.webhooks });
logger.info({ endpoints: config.webhooks.map((w) => w.id) }, 'webhook worker started');
const stop = async () => {
  await worker.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
