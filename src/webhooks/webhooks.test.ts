/**
 * Webhooks on health changes: signed with HMAC, delivered as BullMQ jobs on the real Redis
 * (127.0.0.1:6379, a random key prefix), retried until the receiver answers 2xx, delivered once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing.ts';
import { arbitrumDefinition } from '../metrics/fixtures.ts';
import { refreshRollupSnapshot } from '../metrics/snapshot.ts';
import { batchRow, startTestApi, writeAll, type TestApi } from '../api/testkit.ts';
import { signPayload, verifySignature, SIGNATURE_HEADER } from './sign.ts';
import { createWebhookQueue } from './queue.ts';

const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('webhook signatures', () => {
  it('verifies the HMAC over timestamp and body, rejecting tampering, wrong secrets and stale timestamps', () => {
    const body = '{"a":1}';
    const header = signPayload('s3cret', 1_000, body);
    expect(header).toMatch(/^t=1000,v1=[0-9a-f]{64}$/);
    expect(verifySignature('s3cret', header, body, 1_100)).toBe(true);
    expect(verifySignature('s3cret', header, '{"a":2}', 1_100)).toBe(false);
    expect(verifySignature('other', header, body, 1_100)).toBe(false);
    expect(verifySignature('s3cret', header, body, 1_000 + 301)).toBe(false);
    expect(verifySignature('s3cret', 't=1000,v1=zz', body, 1_000)).toBe(false);
    expect(verifySignature('s3cret', undefined, body, 1_000)).toBe(false);
  });
});

describe('health-change webhooks over BullMQ', () => {
  const ID = 'arb-hooks';
  const T0 = 1_700_400_000;
  const SECRET = 'whsec-test';
  const prefix = `rollscope-test-${randomBytes(4).toString('hex')}`;
  let t: TestDatabase;
  let api: TestApi;
  let receiver: Server;
  const deliveries: { status: number; body: string; signature: string | undefined; attempt: string | undefined; delivery: string | undefined }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        // The first delivery fails: BullMQ must retry it.
        const status = deliveries.length === 0 ? 500 : 204;
        deliveries.push({ status, body, signature: req.headers[SIGNATURE_HEADER] as string | undefined, attempt: req.headers['x-rollscope-attempt'] as string | undefined, delivery: req.headers['x-rollscope-delivery'] as string | undefined });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    t = await createTestDatabase();
    api = await startTestApi(t.db, [arbitrumDefinition(ID)], {
      now: T0 + 30,
      monitor: { start: false },
      webhooks: { redisUrl: REDIS, prefix, endpoints: [{ id: 'risk', url, secret: SECRET }, { id: 'other-rollup', url, secret: SECRET, rollups: ['nope'] }], backoffMs: 100, attempts: 5 },
    });
    await writeAll(t.db, { batches: Array.from({ length: 20 }, (_, i) => batchRow(ID, { block: 10 + i, time: T0 - 60 * (19 - i) }, { batchNumber: String(i) })) });
    await refreshRollupSnapshot(t.db, ID, { now: T0 + 30 });
  });
  afterAll(async () => {
    await api?.close();
    await t?.drop();
    await new Promise((r) => receiver?.close(r));
    const redis = new Redis(REDIS);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('delivers a signed HALT notification once, after a failed first attempt', async () => {
    expect((await api.api.monitor!.check()).map((c) => c.status)).toEqual(['OK']); // the first status is not a change: no webhook
    api.clock.now = T0 + 4_000;
    const [change] = await api.api.monitor!.check();
    expect(change).toMatchObject({ status: 'HALT', previousStatus: 'OK' });
    const deadline = Date.now() + 10_000;
    while (deliveries.filter((d) => d.status === 204).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(deliveries.map((d) => [d.status, d.attempt])).toEqual([
      [500, '1'],
      [204, '2'],
    ]);
    const ok = deliveries[1];
    expect(ok.delivery).toBe(`health-${change.id}-risk`);
    expect(verifySignature(SECRET, ok.signature, ok.body, Math.floor(Date.now() / 1000))).toBe(true);
    const payload = JSON.parse(ok.body);
    expect(payload).toMatchObject({
      type: 'health.changed',
      id: String(change.id),
      rollupId: ID,
      status: 'HALT',
      previousStatus: 'OK',
      atSeconds: T0 + 4_000,
      since: new Date((T0 + 3_600) * 1000).toISOString(),
      reasons: [{ code: 'BATCH_SILENT', severity: 'HALT', sinceSeconds: T0 + 3_600 }],
    });

    // Enqueuing the same change again (a second API replica) does not deliver it twice.
    const again = createWebhookQueue({ redisUrl: REDIS, prefix, endpoints: [{ id: 'risk', url: 'http://127.0.0.1:1/unused', secret: SECRET }] });
    await again.enqueue(payload);
    await again.close();
    await new Promise((r) => setTimeout(r, 500));
    expect(deliveries).toHaveLength(2);
  });
});
