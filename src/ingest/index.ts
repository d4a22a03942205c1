export { createIngest, runWorker, type ChainConfig, type Ingest, type IngestOptions, type IngestTuning } from './engine.ts';
export type { IngestProgress, ChainProgress, SourceProgress } from './progress.ts';
export type { RollupBinding, BoundSource } from './sources.ts';
export { createIngestMetrics, type IngestMetrics } from './metrics.ts';
