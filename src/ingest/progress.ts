/**
 * Sync progress read from the database (so it covers every worker), fed to the metrics, and shown
 * as a terminal progress bar with ETA per chain and source when stdout is a TTY, or as periodic
 * structured log lines otherwise.
 */
import cliProgress from 'cli-progress';
import type { Queryable } from '../db/client.ts';
import { contiguousFrontier, coveredCount } from './ranges.ts';
import { loadDoneRanges } from './plan.ts';
import type { BoundSource } from './sources.ts';
import type { IngestMetrics } from './metrics.ts';
import type { Logger } from './logger.ts';

export interface SourceProgress {
  chainId: number;
  source: string;
  fromBlock: number;
  /** Last block this source must reach now: min(source.toBlock, followed tip). */
  target: number;
  /** Blocks of [fromBlock, target] ingested, and their total. */
  covered: number;
  total: number;
  /** Last block of the contiguous ingested range from fromBlock. */
  indexedBlock: number;
  lagBlocks: number;
  lagSeconds: number | null;
  /** Ingested up to the chain's finalized head (or its own toBlock). */
  backfilled: boolean;
  /** Ingested up to the followed tip. */
  synced: boolean;
  blocksPerSecond: number;
  etaSeconds: number | null;
}

export interface ChainProgress {
  chainId: number;
  tip: number | null;
  tipTime: number | null;
  safe: number | null;
  finalized: number | null;
  sources: SourceProgress[];
}

export interface IngestProgress {
  at: number;
  chains: ChainProgress[];
  backfillDone: boolean;
  synced: boolean;
}

export async function readProgress(db: Queryable, chainIds: number[], bound: readonly BoundSource[], previous?: IngestProgress): Promise<IngestProgress> {
  const now = Date.now();
  const chains: ChainProgress[] = [];
  for (const chainId of chainIds) {
    const [h] = await db.query<{ latest: number; safe: number | null; finalized: number | null; latest_time: number | null }>(
      `select latest, safe, finalized, latest_time from chain_heads where chain_id = $1`, [chainId],
    );
    const tip = h ? Number(h.latest) : null;
    const done = await loadDoneRanges(db, chainId);
    const sources: SourceProgress[] = [];
    for (const b of bound.filter((x) => x.chainId === chainId)) {
      const from = b.source.fromBlock;
      const target = tip === null ? from - 1 : Math.min(b.source.toBlock ?? Infinity, tip);
      const ranges = done.get(b.key) ?? [];
      const covered = coveredCount(ranges, from, target);
      const total = Math.max(0, target - from + 1);
      const indexedBlock = contiguousFrontier(ranges, from);
      const finalizedTarget = h?.finalized === null || !h ? Infinity : Math.min(b.source.toBlock ?? Infinity, Number(h.finalized));
      let lagSeconds: number | null = null;
      if (h?.latest_time != null && indexedBlock >= from) {
        const [t] = await db.query<{ timestamp: number }>(`select timestamp from blocks where chain_id = $1 and number <= $2 order by number desc limit 1`, [chainId, indexedBlock]);
        if (t) lagSeconds = Math.max(0, Number(h.latest_time) - Number(t.timestamp));
      }
      const prev = previous?.chains.find((c) => c.chainId === chainId)?.sources.find((s) => s.source === b.key);
      const dt = previous ? (now - previous.at) / 1000 : 0;
      const instant = prev && dt > 0 ? Math.max(0, (covered - prev.covered) / dt) : 0;
      const rate = prev ? 0.7 * prev.blocksPerSecond + 0.3 * instant : 0;
      sources.push({
        chainId, source: b.key, fromBlock: from, target, covered, total, indexedBlock,
        lagBlocks: Math.max(0, target - indexedBlock), lagSeconds,
        backfilled: tip !== null && indexedBlock >= Math.min(finalizedTarget, target),
        synced: tip !== null && indexedBlock >= target,
        blocksPerSecond: rate,
        etaSeconds: rate > 0 ? (total - covered) / rate : null,
      });
    }
    chains.push({ chainId, tip, tipTime: h?.latest_time == null ? null : Number(h.latest_time), safe: h?.safe == null ? null : Number(h.safe), finalized: h?.finalized == null ? null : Number(h.finalized), sources });
  }
  const all = chains.flatMap((c) => c.sources);
  return { at: now, chains, backfillDone: chains.every((c) => c.tip !== null) && all.every((s) => s.backfilled), synced: chains.every((c) => c.tip !== null) && all.every((s) => s.synced) };
}

export function updateMetrics(metrics: IngestMetrics, p: IngestProgress): void {
  for (const c of p.chains) {
    const chain = String(c.chainId);
    if (c.tip !== null) metrics.headBlock.set({ chain_id: chain }, c.tip);
    if (c.safe !== null) metrics.safeBlock.set({ chain_id: chain }, c.safe);
    if (c.finalized !== null) metrics.finalizedBlock.set({ chain_id: chain }, c.finalized);
    for (const s of c.sources) {
      metrics.indexedBlock.set({ chain_id: chain, source: s.source }, s.indexedBlock);
      metrics.lagBlocks.set({ chain_id: chain, source: s.source }, s.lagBlocks);
      if (s.lagSeconds !== null) metrics.lagSeconds.set({ chain_id: chain, source: s.source }, s.lagSeconds);
    }
  }
}

export interface ProgressDisplay {
  show(p: IngestProgress): void;
  stop(): void;
}

/** `bar` only makes sense on a TTY; `auto` picks bar on a TTY, else log lines every `logEveryMs`. */
export function createProgressDisplay({ mode, logger, logEveryMs = 10_000 }: { mode: 'auto' | 'bar' | 'log' | 'off'; logger: Logger; logEveryMs?: number }): ProgressDisplay {
  const useBar = mode === 'bar' || (mode === 'auto' && process.stdout.isTTY === true);
  if (mode === 'off') return { show() {}, stop() {} };
  if (!useBar) {
    let lastLog = 0;
    return {
      show(p) {
        if (Date.now() - lastLog < logEveryMs) return;
        lastLog = Date.now();
        for (const c of p.chains) for (const s of c.sources) {
          if (c.tip === null) continue;
          logger.info({
            msg: s.synced ? 'source synced' : 'backfill progress', chain_id: s.chainId, source: s.source, indexed: s.indexedBlock, target: s.target,
            pct: s.total > 0 ? Math.round((s.covered / s.total) * 1000) / 10 : 100, blocks_per_s: Math.round(s.blocksPerSecond), eta_s: s.etaSeconds === null ? null : Math.round(s.etaSeconds),
            lag_blocks: s.lagBlocks, lag_s: s.lagSeconds,
          });
        }
      },
      stop() {},
    };
  }
  const multibar = new cliProgress.MultiBar({
    clearOnComplete: false,
    hideCursor: true,
    format: ' {chain} {source} [{bar}] {percentage}% | {value}/{total} blocks | {rate} blk/s | ETA {etaText}',
    etaBuffer: 50,
  }, cliProgress.Presets.shades_classic);
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    show(p) {
      for (const c of p.chains) for (const s of c.sources) {
        const key = `${s.chainId}|${s.source}`;
        const payload = { chain: `chain ${s.chainId}`, source: s.source, rate: Math.round(s.blocksPerSecond), etaText: s.synced ? 'synced' : s.etaSeconds === null ? '?' : formatDuration(s.etaSeconds) };
        let bar = bars.get(key);
        if (!bar) { bar = multibar.create(Math.max(1, s.total), s.covered, payload); bars.set(key, bar); }
        bar.setTotal(Math.max(1, s.total));
        bar.update(s.covered, payload);
      }
    },
    stop() { multibar.stop(); },
  };
}

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
