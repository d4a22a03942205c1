/**
 * The sequencer: produces L2 blocks on the L2 anvil (automine off) at the OP timestamp grid,
 * timestamp(n) = genesis.l2Time + (n - genesis.l2Block) × blockTime, each with an L1 origin (the
 * latest L1 block not after it, never going back) and the L2 txs queued since the last block plus
 * optional filler transfers. Every block is recorded as a TruthL2Block.
 */
import type { Hex } from 'viem';
import type { Address } from '../../rollups/types.ts';
import { queueL2, type OpL2Block, type OpState } from './state.ts';

/** Where filler transfers go (an arbitrary EOA). */
const FILLER_SINK: Address = '0x000000000000000000000000000000000000f111';

export interface ProduceL2BlocksArgs {
  /** Exactly this many blocks. */
  count?: number;
  /** Instead of `count`: every grid slot up to the L1 head's timestamp (capped by maxBlocks). */
  untilL1Head?: boolean;
  /** Cap for untilL1Head (default 600 = 20 L2 minutes). */
  maxBlocks?: number;
  /** Filler ETH transfers per block (default 1). */
  txsPerBlock?: number;
}

export function l2TimeOf(s: OpState, number: number): number {
  const g = s.definition.genesis;
  return g.l2Time + (number - g.l2Block) * g.blockTime;
}

export function l2Head(s: OpState): { number: number; timestamp: number; hash?: Hex } {
  const last = s.l2Blocks.at(-1);
  if (last) return last;
  const g = s.definition.genesis;
  return { number: g.l2Block, timestamp: g.l2Time };
}

export async function produceL2Blocks(s: OpState, args: ProduceL2BlocksArgs): Promise<OpL2Block[]> {
  let count = args.count ?? 0;
  if (args.untilL1Head) {
    const head = await s.l1.public.getBlock();
    const slots = Math.floor((Number(head.timestamp) - l2Head(s).timestamp) / s.definition.genesis.blockTime);
    count = Math.max(0, Math.min(slots, args.maxBlocks ?? 600));
  }
  const out: OpL2Block[] = [];
  for (let i = 0; i < count; i++) out.push(await produceOne(s, args.txsPerBlock ?? 1));
  return out;
}

async function produceOne(s: OpState, fillers: number): Promise<OpL2Block> {
  const number = l2Head(s).number + 1;
  const timestamp = l2TimeOf(s, number);
  for (let i = 0; i < fillers; i++) {
    const user = s.accounts.users[(number + i) % s.accounts.users.length]!;
    await queueL2(s, user, { to: FILLER_SINK, value: 1_000_000_000_000n + BigInt(number), gas: 21_000n });
  }
  const queued = s.pendingL2Txs.splice(0);
  await s.l2.rpc('evm_mine', [timestamp]);
  const block = await s.l2.public.getBlock({ blockNumber: BigInt(number) });
  if (Number(block.timestamp) !== timestamp) {
    throw new Error(`[opstack ${s.id}] L2 block ${number} mined at ${block.timestamp}, expected grid time ${timestamp}`);
  }
  const hashes = block.transactions as Hex[];
  if (hashes.length !== queued.length || queued.some((q, i) => q.hash !== hashes[i])) {
    throw new Error(`[opstack ${s.id}] L2 block ${number} holds ${hashes.length} txs, expected the ${queued.length} queued ones in order`);
  }
  for (const q of queued) await s.recorder.recordTx(s.l2.chainId, q.hash, q.build);
  const prev = s.l2Blocks.at(-1);
  const origin = await l1OriginFor(s, timestamp, prev?.l1Origin.number ?? s.definition.genesis.l1Block);
  const produced: OpL2Block = {
    number,
    hash: block.hash!,
    parentHash: block.parentHash,
    timestamp,
    stateRoot: block.stateRoot,
    l1Origin: origin,
    sequenceNumber: prev && prev.l1Origin.number === origin.number ? prev.sequenceNumber + 1 : 0,
    transactions: queued.map((q) => q.raw),
  };
  s.l2Blocks.push(produced);
  s.truth.l2Blocks.push({ rollupId: s.id, number, timestamp });
  return produced;
}

/** Latest L1 block with timestamp <= `timestamp`, not before `from` (origins never go back). */
async function l1OriginFor(s: OpState, timestamp: number, from: number): Promise<OpL2Block['l1Origin']> {
  const head = Number(await s.l1.public.getBlockNumber());
  let n = Math.min(from, head);
  let cur = await s.l1.public.getBlock({ blockNumber: BigInt(n) });
  while (n < head) {
    const next = await s.l1.public.getBlock({ blockNumber: BigInt(n + 1) });
    if (Number(next.timestamp) > timestamp) break;
    cur = next;
    n++;
  }
  return { number: n, hash: cur.hash!, timestamp: Number(cur.timestamp) };
}
