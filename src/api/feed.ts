/**
 * Where the API learns that facts or health changed: the in-process events of refreshRollupSnapshot
 * and the health monitor, plus — on Postgres — LISTEN on their NOTIFY channels (other processes:
 * the ingest workers, other API replicas). Listeners get the rollup id, or '*' when notifications
 * may have been missed (a reconnect): drop everything cached.
 */
import type postgres from 'postgres';
import { postgresPool } from '../db/socket.ts';
import type { Database } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { FACTS_CHANNEL, factsEvents } from '../metrics/snapshot.ts';

export const HEALTH_CHANNEL = 'rollscope_health';

export type FeedKind = 'facts' | 'health';
export type FeedListener = (kind: FeedKind, rollupId: string) => void;

export interface FactFeed {
  on(listener: FeedListener): () => void;
  /** Resolves once LISTEN is active (immediately without Postgres). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function createFactFeed({ db, logger }: { db: Database; logger: Logger }): FactFeed {
  const listeners = new Set<FeedListener>();
  const emit = (kind: FeedKind, id: string) => {
    for (const l of listeners) {
      try {
        l(kind, id);
      } catch (err) {
        logger.error({ err }, 'feed listener failed');
      }
    }
  };
  const onFacts = (id: string) => emit('facts', id);
  const onHealth = (id: string) => emit('health', id);
  factsEvents.on('facts', onFacts);
  factsEvents.on('health', onHealth);

  let sql: postgres.Sql | undefined;
  let ready: Promise<void> = Promise.resolve();
  if (db.kind === 'postgres' && db.url) {
    sql = postgresPool(db.url, { max: 1, idle_timeout: 0 });
    let first = 0;
    const onlisten = () => {
      // Called on every (re)connect: after the first of each channel, notifications may have been missed.
      if (++first > 2) emit('facts', '*');
    };
    ready = Promise.all([
      sql.listen(FACTS_CHANNEL, (id) => emit('facts', id), onlisten),
      sql.listen(HEALTH_CHANNEL, (id) => emit('health', id), onlisten),
    ]).then(
      () => undefined,
      (err) => logger.warn({ err }, 'LISTEN failed; caches rely on their time limit'),
    );
  }

  return {
    on(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    ready,
    async close() {
      factsEvents.off('facts', onFacts);
      factsEvents.off('health', onHealth);
      listeners.clear();
      await sql?.end({ timeout: 2 });
    },
  };
}

/**
 * An async iterator of feed events for one rollup (or all): yields each time a matching event
 * arrives; events arriving while the consumer is busy are coalesced into one wake-up.
 */
export function feedEvents(feed: FactFeed, match: (kind: FeedKind, rollupId: string) => boolean): AsyncIterableIterator<void> & { stop(): void } {
  let pending = false;
  let wake: (() => void) | null = null;
  let done = false;
  const off = feed.on((kind, id) => {
    if (id !== '*' && !match(kind, id)) return;
    pending = true;
    wake?.();
  });
  const stop = () => {
    done = true;
    off();
    wake?.();
  };
  const it = {
    stop,
    [Symbol.asyncIterator]() {
      return it;
    },
    async next(): Promise<IteratorResult<void>> {
      while (!pending && !done) await new Promise<void>((r) => (wake = r));
      wake = null;
      if (done) return { value: undefined, done: true };
      pending = false;
      return { value: undefined, done: false };
    },
    async return(): Promise<IteratorResult<void>> {
      stop();
      return { value: undefined, done: true };
    },
  };
  return it;
}
