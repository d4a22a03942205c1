export * from './chain.ts';
export * from './facts.ts';
export * from './rollups.ts';
export * from './ingest.ts';
export * from './metrics.ts';
export * from './governance.ts';
