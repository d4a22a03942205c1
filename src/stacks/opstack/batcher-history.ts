/**
 * Which address is the batcher at an L1 block. Derivation (op-node L1Traversal) applies the
 * SystemConfig ConfigUpdate(BATCHER) logs of block N before reading block N's batcher txs, so the
 * batcher at N is the value of the last BATCHER update in a block ≤ N, or the definition's
 * `initialBatcher` before the first one.
 *
 * Two implementations:
 * - `definitionBatcherHistory()`: the definition's initialBatcher at every block (correct until
 *   the first batcher change; the default, for tests and chains whose batcher never changed).
 * - `batcherHistoryFromDb({ db })`: the `batcher` rows the `system-config` source writes to
 *   parameter_changes. ORDERING: the SystemConfig logs of a block must be indexed before the batcher
 *   txs of that block are fetched/decoded; asked about a block the system-config source has not
 *   covered yet (contiguously from its fromBlock), it throws a retryable ChainError (`lagging`),
 *   so the engine retries the batch range later instead of using a stale batcher.
 */
import type { Queryable } from '../../db/client.ts';
import type { Address, OpStackRollup } from '../../rollups/types.ts';
import { ChainError } from '../../chain/errors.ts';
import { lower } from './rows.ts';

export interface BatcherHistory {
  /** Batcher address(es) in force for the batcher txs of L1 block `l1Block`, lowercase. */
  at(rollup: OpStackRollup, l1Block: number): Promise<Address[]>;
}

export function definitionBatcherHistory(): BatcherHistory {
  return { at: async (rollup) => [lower(rollup.initialBatcher)] };
}

/** Name of the parameter_changes rows holding batcher changes (value: lowercase address). */
export const BATCHER_PARAMETER = 'batcher';
/** Source id of the SystemConfig log source (sync_ranges.source = `${rollup.id}:system-config`). */
export const SYSTEM_CONFIG_SOURCE = 'system-config';

interface Snapshot {
  /** Highest block up to which the system-config source is indexed contiguously from its start. */
  frontier: number;
  /** BATCHER changes in L1 order. */
  changes: { blockNumber: number; logIndex: number; batcher: Address }[];
  readAt: number;
}

/**
 * Batcher history read from parameter_changes. Snapshots are cached per rollup for `ttlMs`
 * (default 5 s) and only answer blocks at or below the snapshot's frontier; a reorg deletes
 * changes above its ancestor, so a cached snapshot can be at most `ttlMs` stale.
 */
export function batcherHistoryFromDb({ db, ttlMs = 5_000, now = Date.now }: { db: Queryable; ttlMs?: number; now?: () => number }): BatcherHistory {
  const cache = new Map<string, Snapshot>();

  const load = async (rollup: OpStackRollup): Promise<Snapshot> => {
    const source = `${rollup.id}:${SYSTEM_CONFIG_SOURCE}`;
    const ranges = await db.query<{ from_block: string | number; to_block: string | number }>(
      `select from_block, to_block from sync_ranges where chain_id = $1 and source = $2 order by from_block`,
      [rollup.l1ChainId, source],
    );
    let frontier = rollup.contracts.systemConfig.fromBlock - 1;
    for (const r of ranges) {
      const from = Number(r.from_block);
      const to = Number(r.to_block);
      if (from > frontier + 1) break;
      if (to > frontier) frontier = to;
    }
    const rows = await db.query<{ block_number: string | number; log_index: number; value: unknown }>(
      `select block_number, log_index, value from parameter_changes where rollup_id = $1 and chain_id = $2 and name = $3 order by block_number, log_index, sub_index`,
      [rollup.id, rollup.l1ChainId, BATCHER_PARAMETER],
    );
    const changes = rows.map((r) => {
      const v = typeof r.value === 'string' ? r.value : (r.value as { address?: string } | null)?.address;
      if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(v)) {
        throw new Error(`parameter_changes row ${BATCHER_PARAMETER} of rollup ${rollup.id} at block ${r.block_number} holds ${JSON.stringify(r.value)}, expected an address`);
      }
      return { blockNumber: Number(r.block_number), logIndex: r.log_index, batcher: lower(v) };
    });
    return { frontier, changes, readAt: now() };
  };

  return {
    async at(rollup, l1Block) {
      // Before the SystemConfig is tracked nothing can have changed the batcher.
      if (l1Block < rollup.contracts.systemConfig.fromBlock) return [lower(rollup.initialBatcher)];
      let snap = cache.get(rollup.id);
      if (!snap || l1Block > snap.frontier || now() - snap.readAt > ttlMs) {
        snap = await load(rollup);
        cache.set(rollup.id, snap);
      }
      if (l1Block > snap.frontier) {
        throw new ChainError('SystemConfig logs not indexed yet at this block: batcher txs wait for them', {
          kind: 'lagging',
          what: 'opstack batcher history',
          where: { rollup: rollup.id, chainId: rollup.l1ChainId, block: l1Block, systemConfigIndexedTo: snap.frontier },
          expected: `the ${SYSTEM_CONFIG_SOURCE} source indexed up to block ${l1Block}`,
        });
      }
      let batcher = lower(rollup.initialBatcher);
      for (const c of snap.changes) {
        if (c.blockNumber > l1Block) break;
        batcher = c.batcher;
      }
      return [batcher];
    },
  };
}
