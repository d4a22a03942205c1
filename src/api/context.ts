/** What every resolver receives: the database, the request's clock, loaders and options. */
import DataLoader from 'dataloader';
import type { Database } from '../db/client.ts';
import type { BlobSchedules } from '../metrics/da.ts';
import type { HealthThresholds } from '../metrics/health.ts';
import {
  batchSelect,
  loadChallengeSummaries,
  loadParameters,
  num,
  numOrNull,
  refColumns,
  strOrNull,
  toBatch,
  toRef,
  type BatchRecord,
  type ChallengeSummary,
} from '../metrics/load.ts';
import type { L1Ref } from '../metrics/finality.ts';
import type { RollupParameters } from '../metrics/parameters.ts';
import type { PollRow } from '../metrics/snapshot.ts';
import type { PollCache } from './cache.ts';
import type { FactFeed } from './feed.ts';

export interface ApiOptions {
  thresholds: HealthThresholds;
  /** Unix seconds; the request's now = max(clock(), newest L1 head time). */
  clock: () => number;
  blobSchedules: BlobSchedules;
}

export interface L1Header {
  chainId: number;
  number: number;
  hash: string;
  parentHash: string;
  timestamp: number;
  blobGasUsed: bigint | null;
  excessBlobGas: bigint | null;
  finalizedAt: number | null;
  finalizedEstimated: boolean;
}

export interface ChallengeMoveRecord {
  action: string;
  claimant: string | null;
  parentIndex: string | null;
  claim: string | null;
  status: string | null;
  l1: L1Ref;
}

export interface Loaders {
  poll: DataLoader<string, PollRow | undefined>;
  params: DataLoader<string, RollupParameters>;
  l1Header: DataLoader<string, L1Header | null>;
  moves: DataLoader<string, ChallengeMoveRecord[]>;
  challengesOfRoot: DataLoader<string, ChallengeSummary[]>;
  batchAt: DataLoader<string, BatchRecord | null>;
}

export interface ApiContext {
  db: Database;
  options: ApiOptions;
  loaders: Loaders;
  feed: FactFeed;
  /** The request's now (unix seconds, whole). */
  now(): Promise<number>;
}

/**
 * What one answer read: the rollups it was served from through their poll rows (snapshots), and
 * whether it read anything else (any other query), which ties it to every fact.
 */
export interface Reads {
  rollups: Set<string>;
  other: boolean;
}

export const newReads = (): Reads => ({ rollups: new Set(), other: false });

/** `db` as the resolvers of one request see it: any use of it is recorded as an "other" read. */
export function trackedDatabase(db: Database, reads: Reads): Database {
  return {
    kind: db.kind,
    url: db.url,
    get orm() {
      reads.other = true;
      return db.orm;
    },
    query: (text, params) => {
      reads.other = true;
      return db.query(text, params);
    },
    transaction: (fn) => {
      reads.other = true;
      return db.transaction(fn);
    },
    close: () => db.close(),
  };
}

export const refKey = (r: { chainId: number; blockNumber: number; txIndex: number; logIndex: number; subIndex: number }) =>
  `${r.chainId}:${r.blockNumber}:${r.txIndex}:${r.logIndex}:${r.subIndex}`;

export function createLoaders(db: Database, pollCache: PollCache, reads: Reads = newReads()): Loaders {
  const poll = new DataLoader<string, PollRow | undefined>((ids) => {
    for (const id of ids) reads.rollups.add(id);
    return pollCache.get(ids);
  });
  return {
    poll,
    params: new DataLoader<string, RollupParameters>(async (ids) =>
      Promise.all(
        ids.map(async (id) => {
          const row = await poll.load(id);
          if (!row) throw new Error(`unknown rollup ${id}`);
          return row.snapshot?.parameters ?? loadParameters(db, row.rollup);
        }),
      ),
    ),
    l1Header: new DataLoader<string, L1Header | null>(async (keys) => {
      const pairs = keys.map((k) => k.split(':').map(Number));
      const rows = await db.query(
        `select b.chain_id, b.number, b.hash, b.parent_hash, b.timestamp, b.blob_gas_used, b.excess_blob_gas, b.finalized_at, b.finalized_estimated
         from blocks b join unnest($1::int[], $2::bigint[]) as k(c, n) on b.chain_id = k.c and b.number = k.n`,
        [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      );
      const by = new Map(rows.map((r) => [`${r.chain_id}:${r.number}`, r]));
      return keys.map((k) => {
        const r = by.get(k);
        if (!r) return null;
        return {
          chainId: num(r.chain_id),
          number: num(r.number),
          hash: String(r.hash),
          parentHash: String(r.parent_hash),
          timestamp: num(r.timestamp),
          blobGasUsed: r.blob_gas_used === null ? null : BigInt(String(r.blob_gas_used)),
          excessBlobGas: r.excess_blob_gas === null ? null : BigInt(String(r.excess_blob_gas)),
          finalizedAt: numOrNull(r.finalized_at),
          finalizedEstimated: Boolean(r.finalized_estimated),
        };
      });
    }),
    moves: new DataLoader<string, ChallengeMoveRecord[]>(async (keys) => {
      const pairs = keys.map((k) => k.split('\u0000'));
      const rows = await db.query(
        `select * from (
           select ${refColumns('m')}, m.rollup_id, m.challenge_id, m.action, m.claimant, m.parent_index, m.claim, m.status,
             row_number() over (partition by m.rollup_id, m.challenge_id order by m.block_number, m.tx_index, m.log_index, m.sub_index) as rn
           from challenge_moves m join unnest($1::text[], $2::text[]) as k(r, c) on m.rollup_id = k.r and m.challenge_id = k.c
         ) x where rn <= 100 order by rn`,
        [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      );
      const by = new Map<string, ChallengeMoveRecord[]>();
      for (const r of rows) {
        const k = `${r.rollup_id}\u0000${r.challenge_id}`;
        by.set(k, [
          ...(by.get(k) ?? []),
          { action: String(r.action), claimant: strOrNull(r.claimant), parentIndex: strOrNull(r.parent_index), claim: strOrNull(r.claim), status: strOrNull(r.status), l1: toRef(r) },
        ]);
      }
      return keys.map((k) => by.get(k) ?? []);
    }),
    challengesOfRoot: new DataLoader<string, ChallengeSummary[]>(async (keys) => {
      const byRollup = new Map<string, string[]>();
      for (const k of keys) {
        const [r, idx] = k.split('\u0000');
        byRollup.set(r, [...(byRollup.get(r) ?? []), idx]);
      }
      const found = new Map<string, ChallengeSummary[]>();
      for (const [rollupId, idxs] of byRollup) {
        const row = await poll.load(rollupId);
        if (!row) continue;
        for (const c of await loadChallengeSummaries(db, row.rollup, { rootIndexes: idxs })) {
          for (const idx of new Set([c.rootIndex, c.challengeId])) {
            if (idx === null || !idxs.includes(idx)) continue;
            const k = `${rollupId}\u0000${idx}`;
            found.set(k, [...(found.get(k) ?? []), c]);
          }
        }
      }
      return keys.map((k) => found.get(k) ?? []);
    }),
    batchAt: new DataLoader<string, BatchRecord | null>(async (keys) => {
      const parts = keys.map((k) => k.split(':').map(Number));
      const rows = await db.query(
        `${batchSelect} join unnest($1::int[], $2::bigint[], $3::int[], $4::int[], $5::int[]) as k(c, b, t, l, u)
           on s.chain_id = k.c and s.block_number = k.b and s.tx_index = k.t and s.log_index = k.l and s.sub_index = k.u`,
        [0, 1, 2, 3, 4].map((i) => parts.map((p) => p[i])),
      );
      const by = new Map(rows.map((r) => [refKey(toRef(r)), toBatch(r)]));
      return keys.map((k) => by.get(k) ?? null);
    }),
  };
}
