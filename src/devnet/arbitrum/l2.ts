/**
 * L2 blocks of an Arbitrum devnet rollup: one L2 anvil block = one message. Every L2 block from
 * l2GenesisBlock on is recorded as a TruthL2Block (number + timestamp read back from the L2).
 */
import type { TruthL2Block } from '../truth.ts';
import { getHead, mineAt } from '../clock.ts';
import type { ArbitrumDeployment } from './deploy.ts';

/** Records every L2 block not yet recorded; returns the new ones. */
export async function syncL2Blocks(dep: ArbitrumDeployment): Promise<TruthL2Block[]> {
  const head = await getHead(dep.l2.rpc);
  const out: TruthL2Block[] = [];
  for (let n = dep.lastRecordedL2Block + 1; n <= head.number; n++) {
    const b = await dep.l2.rpc<{ timestamp: string }>('eth_getBlockByNumber', [`0x${n.toString(16)}`, false]);
    const blk: TruthL2Block = { rollupId: dep.rollupId, number: n, timestamp: Number(b.timestamp) };
    dep.ctx.recorder.truth.l2Blocks.push(blk);
    out.push(blk);
  }
  dep.lastRecordedL2Block = Math.max(dep.lastRecordedL2Block, head.number);
  return out;
}

/**
 * Produces `count` L2 blocks `spacing` seconds apart, ending at the current L1 time when the L2
 * is not already ahead of it (a sequencer stamps blocks with the time it makes them).
 */
export async function produceL2Blocks(dep: ArbitrumDeployment, count: number, opts: { spacing?: number } = {}): Promise<TruthL2Block[]> {
  if (count < 1) return [];
  const spacing = opts.spacing ?? 1;
  const l1Now = await dep.ctx.clock.now();
  const last = await getHead(dep.l2.rpc);
  const start = Math.max(last.timestamp + 1, l1Now - (count - 1) * spacing);
  await mineAt(dep.l2.rpc, Array.from({ length: count }, (_, i) => start + i * spacing));
  return syncL2Blocks(dep);
}

/** Sets the next L2 block's time to max(L2 head + 1, L1 now) before an L2 transaction. */
export async function alignL2Time(dep: ArbitrumDeployment): Promise<void> {
  const l1Now = await dep.ctx.clock.now();
  const last = await getHead(dep.l2.rpc);
  await dep.l2.rpc('evm_setNextBlockTimestamp', [Math.max(last.timestamp + 1, l1Now)]);
}

/** L2 block number of message index `i`. */
export const l2BlockOfMessage = (dep: ArbitrumDeployment, i: bigint | number) => Number(i) + dep.params.l2GenesisBlock;
