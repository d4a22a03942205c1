/**
 * Webhook delivery as BullMQ jobs: one job per (health change, endpoint), id
 * `health-<changeId>-<endpointId>` so that several API replicas enqueuing the same change deliver
 * it once. Jobs are retried with exponential backoff until they get a 2xx answer.
 * The job holds the payload and the endpoint id; the secret stays in the worker's configuration.
 */
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { signPayload, SIGNATURE_HEADER } from './sign.ts';

export const WEBHOOK_QUEUE = 'rollscope-webhooks';

export interface WebhookEndpoint {
  /** Stable id (part of the job id). */
  id: string;
  url: string;
  /** HMAC secret shared with the receiver. */
  secret: string;
  /** Only these rollups (all when absent). */
  rollups?: string[];
}

export interface WebhookOptions {
  redisUrl: string;
  endpoints: WebhookEndpoint[];
  /** BullMQ key prefix (tests use a random one). */
  prefix?: string;
  attempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
}

export interface HealthChangePayload {
  type: 'health.changed';
  id: string;
  rollupId: string;
  status: string;
  previousStatus: string | null;
  reasons: unknown[];
  at: string;
  atSeconds: number;
  since: string | null;
}

interface JobData {
  endpointId: string;
  body: string;
}

const redisConnection = (url: string) => new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });

export interface WebhookQueue {
  enqueue(payload: HealthChangePayload): Promise<number>;
  close(): Promise<void>;
}

export function createWebhookQueue(opts: WebhookOptions): WebhookQueue {
  const connection = redisConnection(opts.redisUrl);
  const queue = new Queue<JobData>(WEBHOOK_QUEUE, { connection: connection as unknown as ConnectionOptions, prefix: opts.prefix });
  return {
    async enqueue(payload) {
      const targets = opts.endpoints.filter((e) => !e.rollups || e.rollups.includes(payload.rollupId));
      const body = JSON.stringify(payload);
      await queue.addBulk(
        targets.map((e) => ({
          name: payload.type,
          data: { endpointId: e.id, body },
          opts: {
            jobId: `health-${payload.id}-${e.id}`,
            attempts: opts.attempts ?? 10,
            backoff: { type: 'exponential', delay: opts.backoffMs ?? 1_000 },
            removeOnComplete: 1_000,
            removeOnFail: 10_000,
          },
        })),
      );
      return targets.length;
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

export class WebhookDeliveryError extends Error {
  override readonly name = 'WebhookDeliveryError';
}

/** Delivers queued webhooks: POST the JSON body with its signature; anything but 2xx is retried. */
export function createWebhookWorker(opts: WebhookOptions & { concurrency?: number; clock?: () => number }) {
  const connection = redisConnection(opts.redisUrl);
  const byId = new Map(opts.endpoints.map((e) => [e.id, e]));
  const worker = new Worker<JobData>(
    WEBHOOK_QUEUE,
    async (job) => {
      const endpoint = byId.get(job.data.endpointId);
      if (!endpoint) throw new WebhookDeliveryError(`webhook endpoint ${job.data.endpointId} is not configured`);
      const t = opts.clock?.() ?? Math.floor(Date.now() / 1000);
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signPayload(endpoint.secret, t, job.data.body),
          'x-rollscope-delivery': String(job.id),
          'x-rollscope-attempt': String(job.attemptsMade + 1),
        },
        body: job.data.body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 5_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status >= 300) throw new WebhookDeliveryError(`webhook ${endpoint.id} answered ${res.status}`);
      return res.status;
    },
    { connection: connection as unknown as ConnectionOptions, prefix: opts.prefix, concurrency: opts.concurrency ?? 4 },
  );
  return {
    worker,
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}
