/**
 * Two caches, both dropped when facts change:
 * - poll rows (the rollup + its snapshot + L1 head, one SQL row) per rollup, for at most `ttlMs`
 *   (the L1 head and health history move without a facts notification);
 * - whole GraphQL responses keyed by the request body, valid within one clock second until the
 *   facts they read change (every figure that depends on now is computed in whole seconds, so an
 *   answer is exact for the whole second it was computed in). An answer served from rollup
 *   snapshots alone names its rollups and outlives other rollups' new facts.
 */
import type { Queryable } from '../db/client.ts';
import { readPollRows, type PollRow } from '../metrics/snapshot.ts';

export interface PollCache {
  get(ids: readonly string[]): Promise<(PollRow | undefined)[]>;
  invalidate(id: string): void;
}

export function createPollCache({ db, ttlMs = 1_000, enabled = true }: { db: Queryable; ttlMs?: number; enabled?: boolean }): PollCache {
  const entries = new Map<string, { row: PollRow | undefined; at: number; gen: number }>();
  let generation = 0;
  const inflight = new Map<string, Promise<PollRow | undefined>>();
  return {
    async get(ids) {
      const now = Date.now();
      const out: (PollRow | undefined)[] = new Array(ids.length);
      const missing: number[] = [];
      ids.forEach((id, i) => {
        const e = enabled ? entries.get(id) : undefined;
        if (e && now - e.at < ttlMs) out[i] = e.row;
        else missing.push(i);
      });
      if (missing.length === 0) return out;
      // One SQL for all missing ids; concurrent requests for the same id share it.
      const need = missing.map((i) => ids[i]).filter((id) => !inflight.has(id));
      if (need.length) {
        const gen = generation;
        const p = readPollRows(db, need);
        for (const id of need) {
          const one = p.then((rows) => {
            const row = rows.find((r) => r.rollup.id === id);
            if (enabled && gen === generation) entries.set(id, { row, at: Date.now(), gen });
            return row;
          });
          inflight.set(id, one);
          void one.finally(() => inflight.delete(id)).catch(() => {});
        }
      }
      await Promise.all(missing.map(async (i) => (out[i] = await inflight.get(ids[i])!)));
      return out;
    },
    invalidate(id) {
      generation++;
      if (id === '*') entries.clear();
      else entries.delete(id);
    },
  };
}

export interface CachedResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

export interface ResponseCache {
  get(key: string, second: number): CachedResponse | undefined;
  set(key: string, second: number, value: CachedResponse, rollups?: readonly string[] | null): void;
  /** The epoch a response computed now belongs to (read before computing). */
  epoch(): number;
  /**
   * Stores an answer computed from epoch `epoch` unless what it read changed since: `rollups` are
   * the rollups whose facts it read (null: it read anything else too, so any change voids it).
   */
  setIfEpoch(key: string, second: number, epoch: number, value: CachedResponse, rollups?: readonly string[] | null): void;
  /** Keys answered from the cache at least `minHits` times in `second` (this epoch), most hit first. */
  hot(second: number, limit: number, minHits?: number): string[];
  /** Drops the answers that read `rollupId`'s facts (and those that read anything else); no id or '*': all. */
  invalidate(rollupId?: string): void;
  readonly size: number;
}

/**
 * Answers are kept per clock second, then per request key: the answers of one second and those
 * prepared for the next one live side by side (the request key is hashed as it came, with no
 * per-request key building). Seconds older than the previous one are dropped when a newer second
 * is set. Invariant: every entry was computed after the last change of everything it read — new
 * facts of one rollup drop only the answers that read that rollup (or read outside the snapshots).
 */
export function createResponseCache({ maxEntries = 2_000, maxBodyBytes = 256 * 1024 }: { maxEntries?: number; maxBodyBytes?: number } = {}): ResponseCache {
  type Entry = { value: CachedResponse; hits: number; rollups: readonly string[] | null };
  const bySecond = new Map<number, Map<string, Entry>>();
  /** Bumped by every invalidation; `allAt` / `rollupAt`: the epoch of the last one of all / of a rollup. */
  let epoch = 0;
  let allAt = 0;
  const rollupAt = new Map<string, number>();
  let size = 0;
  const changedSince = (at: number, rollups: readonly string[] | null) =>
    at < allAt || (rollups === null ? at !== epoch : rollups.some((id) => (rollupAt.get(id) ?? 0) > at));
  const cache: ResponseCache = {
    get(key, second) {
      const e = bySecond.get(second)?.get(key);
      if (!e) return undefined;
      e.hits++;
      return e.value;
    },
    set(key, second, value, rollups = null) {
      cache.setIfEpoch(key, second, epoch, value, rollups);
    },
    epoch: () => epoch,
    setIfEpoch(key, second, at, value, rollups = null) {
      if (changedSince(at, rollups) || value.body.length > maxBodyBytes) return;
      let entries = bySecond.get(second);
      if (!entries) {
        for (const [s, old] of bySecond) {
          if (s >= second - 1) continue;
          size -= old.size;
          bySecond.delete(s);
        }
        bySecond.set(second, (entries = new Map()));
      }
      if (entries.delete(key)) size--;
      entries.set(key, { value, hits: 0, rollups });
      size++;
      if (size > maxEntries) {
        // Oldest first: the earliest second still held, its first-set key.
        const oldest = bySecond.get(Math.min(...bySecond.keys()))!;
        oldest.delete(oldest.keys().next().value!);
        size--;
      }
    },
    hot(second, limit, minHits = 2) {
      const out: { key: string; hits: number }[] = [];
      for (const [key, e] of bySecond.get(second) ?? []) if (e.hits >= minHits) out.push({ key, hits: e.hits });
      return out.sort((a, b) => b.hits - a.hits).slice(0, limit).map((e) => e.key);
    },
    invalidate(rollupId) {
      epoch++;
      if (rollupId === undefined || rollupId === '*') {
        allAt = epoch;
        rollupAt.clear();
        bySecond.clear();
        size = 0;
        return;
      }
      rollupAt.set(rollupId, epoch);
      for (const entries of bySecond.values()) {
        for (const [key, e] of entries) {
          if (e.rollups !== null && !e.rollups.includes(rollupId)) continue;
          entries.delete(key);
          size--;
        }
      }
    },
    get size() {
      return size;
    },
  };
  return cache;
}
