/**
 * Prometheus metrics of the sync engine, registered on the given registry (idempotent: creating
 * them twice on one registry returns the same metrics).
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RpcObserver } from '../chain/rpc.ts';
import { ChainError } from '../chain/errors.ts';

export interface IngestMetrics {
  headBlock: Gauge<'chain_id'>;
  safeBlock: Gauge<'chain_id'>;
  finalizedBlock: Gauge<'chain_id'>;
  indexedBlock: Gauge<'chain_id' | 'source'>;
  lagBlocks: Gauge<'chain_id' | 'source'>;
  lagSeconds: Gauge<'chain_id' | 'source'>;
  reorgs: Counter<'chain_id'>;
  reorgDepth: Histogram<'chain_id'>;
  rpcRequests: Counter<'chain_id' | 'method' | 'endpoint'>;
  rpcErrors: Counter<'chain_id' | 'kind' | 'method' | 'endpoint'>;
  jobs: Counter<'chain_id' | 'type' | 'outcome'>;
  jobSeconds: Histogram<'chain_id' | 'type'>;
  stageSeconds: Histogram<'chain_id' | 'stage'>;
  factsWritten: Counter<'chain_id' | 'table'>;
  logsFetched: Counter<'chain_id' | 'source'>;
  blocksIngested: Counter<'chain_id' | 'source'>;
  commitRefusals: Counter<'chain_id' | 'kind'>;
  finalizedObserved: Counter<'chain_id'>;
}

function get<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export function createIngestMetrics(registry: Registry): IngestMetrics {
  const registers = [registry];
  const gauge = <L extends string>(name: string, help: string, labelNames: L[]) => get(registry, name, () => new Gauge<L>({ name, help, labelNames, registers }));
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) => get(registry, name, () => new Counter<L>({ name, help, labelNames, registers }));
  const histogram = <L extends string>(name: string, help: string, labelNames: L[], buckets: number[]) => get(registry, name, () => new Histogram<L>({ name, help, labelNames, buckets, registers }));
  return {
    headBlock: gauge('rollscope_chain_head_block', 'Followed head (latest linked block) per chain', ['chain_id']),
    safeBlock: gauge('rollscope_chain_safe_block', 'Safe block per chain (chain tag or fixed depth)', ['chain_id']),
    finalizedBlock: gauge('rollscope_chain_finalized_block', 'Finalized block per chain (chain tag or fixed depth)', ['chain_id']),
    indexedBlock: gauge('rollscope_ingest_indexed_block', 'Last block of the contiguous ingested range per source', ['chain_id', 'source']),
    lagBlocks: gauge('rollscope_ingest_lag_blocks', 'Head minus indexed block per source', ['chain_id', 'source']),
    lagSeconds: gauge('rollscope_ingest_lag_seconds', 'Head time minus the time of the indexed block per source (estimated from blocks when the header is not stored)', ['chain_id', 'source']),
    reorgs: counter('rollscope_reorgs_total', 'Reorgs seen by the head follower', ['chain_id']),
    reorgDepth: histogram('rollscope_reorg_depth_blocks', 'Depth of reorgs (blocks removed)', ['chain_id'], [1, 2, 4, 8, 16, 32, 64, 128]),
    rpcRequests: counter('rollscope_rpc_requests_total', 'JSON-RPC calls sent (batch items counted one by one)', ['chain_id', 'method', 'endpoint']),
    rpcErrors: counter('rollscope_rpc_errors_total', 'RPC failures by kind (timeout, rate_limit, http_5xx, malformed, inconsistent, lagging, range_limit, ...)', ['chain_id', 'kind', 'method', 'endpoint']),
    jobs: counter('rollscope_ingest_jobs_total', 'Ingest jobs by type and outcome', ['chain_id', 'type', 'outcome']),
    jobSeconds: histogram('rollscope_ingest_job_seconds', 'Duration of ingest jobs', ['chain_id', 'type'], [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300]),
    stageSeconds: histogram('rollscope_ingest_stage_seconds', 'Duration of fetch/decode/commit of one sub-range', ['chain_id', 'stage'], [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 30]),
    factsWritten: counter('rollscope_facts_written_total', 'New fact rows written, by table', ['chain_id', 'table']),
    logsFetched: counter('rollscope_logs_fetched_total', 'Logs fetched and decoded', ['chain_id', 'source']),
    blocksIngested: counter('rollscope_blocks_ingested_total', 'Blocks of source ranges committed', ['chain_id', 'source']),
    commitRefusals: counter('rollscope_ingest_commit_refusals_total', 'Sub-range commits refused and refetched (stale fork, inconsistent answers)', ['chain_id', 'kind']),
    finalizedObserved: counter('rollscope_blocks_finalized_observed_total', 'Blocks whose finalization was observed live', ['chain_id']),
  };
}

/**
 * Counts a chain error found above the transport (validation: inconsistent, lagging, stale fork,
 * malformed fields) once; errors the RPC client already reported carry `observed`.
 */
export function countUnobserved(metrics: IngestMetrics, chainId: number, err: unknown, method: string): void {
  if (!(err instanceof ChainError) || err.observed) return;
  err.observed = true;
  metrics.rpcErrors.inc({ chain_id: String(chainId), kind: err.kind, method, endpoint: 'validation' });
}

/** RPC client hooks feeding the metrics above. */
export function rpcObserver(metrics: IngestMetrics, chainId: number): RpcObserver {
  const chain = String(chainId);
  return {
    request: (method, items, endpoint) => metrics.rpcRequests.inc({ chain_id: chain, method, endpoint: String(endpoint) }, items),
    error: (kind, method, endpoint) => metrics.rpcErrors.inc({ chain_id: chain, kind, method, endpoint: String(endpoint) }),
  };
}
