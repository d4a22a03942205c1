/**
 * OP Stack batch derivation codec: blobs, batcher transaction data, frames, channels, batches.
 * Decoders follow op-node exactly (real OP Mainnet / Base batcher data); encoders produce the same
 * wire format for the devnet batcher.
 */
export * from './errors.ts';
export * from './params.ts';
export { toBytes, toHex, type BytesLike, type Hex } from './bytes.ts';
export * from './blob.ts';
export * from './frame.ts';
export * from './batcherData.ts';
export * from './channelAssembler.ts';
export * from './compression.ts';
export * from './spanBatchTxs.ts';
export * from './spanBatch.ts';
export * from './batch.ts';
export * from './channel.ts';
