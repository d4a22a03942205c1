/**
 * DecodeContext.state backed by decoder_state versions (see the table's comment): reads see the
 * latest version before the range; writes are buffered and committed with the range.
 */
import type { Queryable } from '../db/client.ts';
import { jsonText } from '../db/write.ts';

export interface StateStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  /** Buffered writes, committed at the range's last block. */
  writes: Map<string, unknown>;
}

/**
 * `carried`: writes of earlier sub-ranges of the same pipeline that may not be committed yet
 * (newer than anything stored, so they win over decoder_state).
 */
export function createStateStore({ db, chainId, source, fromBlock, carried }: { db: Queryable; chainId: number; source: string; fromBlock: number; carried?: ReadonlyMap<string, unknown> }): StateStore {
  const writes = new Map<string, unknown>();
  return {
    writes,
    async get<T>(key: string) {
      if (writes.has(key)) return writes.get(key) as T;
      // As stored: through JSON, bigints as decimal strings (what decoder_state would give back).
      if (carried?.has(key)) return JSON.parse(jsonText(carried.get(key))) as T;
      const rows = await db.query<{ value: T }>(
        `select value from decoder_state where chain_id = $1 and source = $2 and key = $3 and block_number < $4 order by block_number desc limit 1`,
        [chainId, source, key, fromBlock],
      );
      return rows[0]?.value ?? undefined;
    },
    async set(key, value) {
      writes.set(key, value);
    },
  };
}
