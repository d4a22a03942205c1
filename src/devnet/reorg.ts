/**
 * L1 reorgs with anvil_reorg, reflected in the ground truth.
 *
 * API (stable): reorgChain(ctx, { chain?, depth, reinclude? }) => Promise<TruthReorg>
 *   Replaces the last `depth` blocks of `chain` (default L1) with `depth` new blocks (same
 *   heights and timestamps, new hashes). `reinclude` lists recorded txs to put back, each at
 *   `offset` (0 = the first new block); every other tx of those blocks is dropped. The truth then
 *   describes the chain AFTER the reorg: facts of the removed blocks are dropped
 *   (recorder.dropAfter, which lists the removed events in truth.reorgs) and the re-included txs
 *   are re-recorded with their new block hash/number through their original fact builders.
 * Limits: blob txs cannot be re-included (anvil_reorg takes the raw tx without its sidecar).
 */
import type { Hex } from '../rollups/types.ts';
import type { DevnetChain, DevnetContext } from './context.ts';
import type { TruthReorg } from './truth.ts';
import { getHead } from './clock.ts';

export interface ReorgOptions {
  chain?: DevnetChain;
  depth: number;
  reinclude?: { hash: Hex; offset: number }[];
}

export async function reorgChain(ctx: DevnetContext, opts: ReorgOptions): Promise<TruthReorg> {
  const chain = opts.chain ?? ctx.l1;
  const head = await getHead(chain.rpc);
  if (opts.depth < 1 || opts.depth > head.number) throw new Error(`reorgChain: depth ${opts.depth} out of range (head ${head.number})`);
  const pairs: [Hex, number][] = [];
  for (const r of opts.reinclude ?? []) {
    if (r.offset < 0 || r.offset >= opts.depth) throw new Error(`reorgChain: offset ${r.offset} of ${r.hash} outside 0..${opts.depth - 1}`);
    const raw = await chain.rpc<Hex | null>('eth_getRawTransactionByHash', [r.hash]);
    if (!raw) throw new Error(`reorgChain: raw tx ${r.hash} not found`);
    if (raw.startsWith('0x03')) throw new Error(`reorgChain: ${r.hash} is a blob tx; anvil_reorg cannot re-include it`);
    pairs.push([raw, r.offset]);
  }
  await chain.rpc('anvil_reorg', [opts.depth, pairs]);
  const after = await getHead(chain.rpc);
  if (after.number !== head.number) throw new Error(`reorgChain: head moved from ${head.number} to ${after.number}`);
  const reorg = ctx.recorder.dropAfter(chain.chainId, head.number - opts.depth, opts.depth);
  // Re-record in (offset, original order) order, as the new blocks hold them.
  const order = [...(opts.reinclude ?? [])].map((r, i) => ({ ...r, i })).sort((a, b) => a.offset - b.offset || a.i - b.i);
  for (const r of order) await ctx.recorder.replayTx(chain.chainId, r.hash);
  return reorg;
}
