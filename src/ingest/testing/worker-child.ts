/**
 * A worker-only process for the multi-process tests: `node bin/run.mjs src/ingest/testing/worker-child.ts`
 * with ROLLSCOPE_TEST_WORKER = JSON { dbUrl, redis, prefix, chainId, rpcUrl, emitters, topic, tuning }.
 * Logs (pino, debug) go to stdout so the parent can see which jobs it did.
 */
import pino from 'pino';
import { Registry } from 'prom-client';
import type { Address, Hex } from 'viem';
import { openDatabase } from '../../db/client.ts';
import { runWorker, type IngestTuning } from '../engine.ts';
import { createTestStack, testRollup } from './stack.ts';

interface ChildConfig {
  dbUrl: string;
  redis: string;
  prefix: string;
  chainId: number;
  rpcUrl: string;
  emitters: Address[];
  topic: Hex;
  concurrency?: number;
  tuning?: IngestTuning;
}

const config = JSON.parse(process.env.ROLLSCOPE_TEST_WORKER ?? '') as ChildConfig;
const db = await openDatabase({ url: config.dbUrl, max: 4 });
const logger = pino({ level: 'debug', base: { pid: process.pid } });
const stack = createTestStack(() => [{ kind: 'logs', id: 'emitters', chainId: config.chainId, addresses: config.emitters, topics: [config.topic], fromBlock: 0 }]);
const worker = await runWorker({
  db, redis: config.redis, logger, metrics: new Registry(), concurrency: config.concurrency ?? 2,
  chains: [{ chainId: config.chainId, rpcUrls: [config.rpcUrl], finality: { depth: 0 } }],
  rollups: [{ definition: testRollup('test-rollup', config.chainId), stack }],
  tuning: { queuePrefix: config.prefix, ...config.tuning },
});
logger.info({ msg: 'worker ready' });
const shutdown = async () => { await worker.stop(); await db.close(); process.exit(0); };
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
