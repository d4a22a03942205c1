/**
 * Keeps the precomputed rollup snapshots (what the risk-engine poll reads) current without
 * coupling the ingest engine to the metrics: every `intervalMs` it reads each source's ingested
 * frontier (sync_ranges) and each chain's heads, and refreshes the snapshots of the rollups whose
 * sources moved. A recent header whose hash changed (or that vanished below the new top) since
 * the last look is a reorg: it is recorded (health reason L1_REORG) and every snapshot of that
 * chain is refreshed, so no answer keeps a reorged block.
 */
import type { Database } from './db/client.ts';
import type { Logger } from './log.ts';
import { createSnapshotRefresher, recordReorg } from './metrics/snapshot.ts';

export interface FactWatch {
  /** Resolves once the current round of refreshes is done (tests). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export function watchFacts({ db, logger, rollupIds, intervalMs = 250 }: { db: Database; logger: Logger; rollupIds: string[]; intervalMs?: number }): FactWatch {
  const refresher = createSnapshotRefresher({ db, onError: (err, rollupId) => logger.error({ err, rollup: rollupId }, 'snapshot refresh failed') });
  const known = new Set(rollupIds);
  const frontiers = new Map<string, number>();
  const heads = new Map<number, string>();
  /** Recent unfinalized headers per chain as last seen: number → hash. */
  const recent = new Map<number, Map<number, string>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();

  const rollupsOfChain = async (chainId: number) =>
    (await db.query<{ id: string }>(`select id from rollups where l1_chain_id = $1 or l2_chain_id = $1`, [chainId])).map((r) => r.id).filter((id) => known.has(id));

  async function tick() {
    const touched = new Set<string>();
    const rows = await db.query<{ chain_id: number; source: string; frontier: string }>(
      `select chain_id, source, max(to_block)::text as frontier from sync_ranges group by chain_id, source`,
    );
    for (const r of rows) {
      const key = `${r.chain_id}/${r.source}`;
      const frontier = Number(r.frontier);
      if (frontiers.get(key) === frontier) continue;
      frontiers.set(key, frontier);
      const rollupId = r.source.split(':')[0]!;
      if (known.has(rollupId)) touched.add(rollupId);
    }

    // Reorgs: a recent header replaced by another hash, or gone below the new top. Headers that
    // left the window because `finalized` moved past them are not gone (window = above `floor`).
    const headerRows = await db.query<{ chain_id: number; number: string; hash: string }>(
      `select b.chain_id, b.number::text as number, b.hash from blocks b join chain_heads h on h.chain_id = b.chain_id
        where b.number > coalesce(h.finalized, h.latest - 128)`,
    );
    const floors = new Map(
      (await db.query<{ chain_id: number; floor: string }>(`select chain_id, coalesce(finalized, latest - 128)::text as floor from chain_heads`)).map((r) => [r.chain_id, Number(r.floor)]),
    );
    const seenNow = new Map<number, Map<number, string>>();
    for (const h of headerRows) {
      if (!seenNow.has(h.chain_id)) seenNow.set(h.chain_id, new Map());
      seenNow.get(h.chain_id)!.set(Number(h.number), h.hash);
    }
    for (const [chainId, before] of recent) {
      const current = seenNow.get(chainId) ?? new Map<number, string>();
      const top = Math.max(-1, ...current.keys());
      const floor = floors.get(chainId) ?? -1;
      let forked: number | undefined;
      for (const [n, hash] of before) {
        const replaced = current.has(n) ? current.get(n) !== hash : n > floor && n <= top;
        if (replaced && (forked === undefined || n < forked)) forked = n;
      }
      if (forked === undefined) continue;
      const depth = Math.max(...before.keys()) - forked + 1;
      logger.warn({ chain_id: chainId, ancestor: forked - 1, depth }, 'reorg seen');
      await recordReorg(db, { chainId, ancestor: forked - 1, depth });
    }
    for (const [chainId, m] of seenNow) recent.set(chainId, m);

    const headRows = await db.query<{ chain_id: number; v: string }>(`select chain_id, concat_ws('/', latest, safe, finalized) as v from chain_heads`);
    for (const h of headRows) {
      if (heads.get(h.chain_id) === h.v) continue;
      heads.set(h.chain_id, h.v);
      for (const id of await rollupsOfChain(h.chain_id)) touched.add(id);
    }
    await Promise.all([...touched].map((id) => refresher.touch(id)));
  }

  const loop = () => {
    if (stopped) return;
    round = tick()
      .catch((err) => logger.error({ err }, 'fact watch failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, intervalMs);
      });
  };
  loop();

  return {
    flush: async () => {
      await round;
      await refresher.flush();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await round;
      await refresher.flush();
    },
  };
}
