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
  const fillers = args.txsPerBlock ?? 1;
  const l1 = createL1HeaderCache(s);
  if (fillers === 0 && s.pendingL2Txs.length === 0 && count > 1) return produceEmpty(s, count, l1);
  const out: OpL2Block[] = [];
  for (let i = 0; i < count; i++) out.push(await produceOne(s, fillers, l1));
  return out;
}

async function produceOne(s: OpState, fillers: number, l1: L1HeaderCache): Promise<OpL2Block> {
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
  return record(s, { number, hash: block.hash!, parentHash: block.parentHash, timestamp, stateRoot: block.stateRoot }, queued.map((q) => q.raw), l1);
}

/** Fast path for empty blocks: anvil_mine in chunks (grid spacing), headers read in JSON-RPC batches. */
async function produceEmpty(s: OpState, count: number, l1: L1HeaderCache): Promise<OpL2Block[]> {
  const out: OpL2Block[] = [];
  const blockTime = s.definition.genesis.blockTime;
  for (let done = 0; done < count; ) {
    const n = Math.min(500, count - done);
    const first = l2Head(s).number + 1;
    await s.l2.rpc('anvil_mine', [`0x${n.toString(16)}`, `0x${blockTime.toString(16)}`]);
    const headers = await batchRpc<RawHeader>(s.l2.rpcUrl, Array.from({ length: n }, (_, i) => ['eth_getBlockByNumber', [`0x${(first + i).toString(16)}`, false]]));
    for (const [i, h] of headers.entries()) {
      const number = first + i;
      const timestamp = l2TimeOf(s, number);
      if (Number(h.number) !== number || Number(h.timestamp) !== timestamp || h.transactions.length !== 0) {
        throw new Error(`[opstack ${s.id}] L2 block ${number}: got #${Number(h.number)} at ${Number(h.timestamp)} with ${h.transactions.length} txs, expected empty at ${timestamp}`);
      }
      out.push(await record(s, { number, hash: h.hash, parentHash: h.parentHash, timestamp, stateRoot: h.stateRoot }, [], l1));
    }
    done += n;
  }
  return out;
}

interface RawHeader {
  number: Hex;
  hash: Hex;
  parentHash: Hex;
  timestamp: Hex;
  stateRoot: Hex;
  transactions: unknown[];
}

async function batchRpc<T>(url: string, calls: [string, unknown[]][]): Promise<T[]> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(calls.map(([method, params], id) => ({ jsonrpc: '2.0', id, method, params }))),
  });
  const answers = (await res.json()) as { id: number; result?: T; error?: { message: string } }[];
  const byId = new Map(answers.map((a) => [a.id, a]));
  return calls.map(([method], id) => {
    const a = byId.get(id);
    if (!a || a.error || a.result == null) throw new Error(`${method} #${id} failed at ${url}: ${a?.error?.message ?? 'no result'}`);
    return a.result;
  });
}

async function record(
  s: OpState,
  b: { number: number; hash: Hex; parentHash: Hex; timestamp: number; stateRoot: Hex },
  transactions: Hex[],
  l1: L1HeaderCache,
): Promise<OpL2Block> {
  const prev = s.l2Blocks.at(-1);
  const origin = await l1OriginFor(l1, b.timestamp, prev?.l1Origin.number ?? s.definition.genesis.l1Block);
  const produced: OpL2Block = {
    ...b,
    l1Origin: origin,
    sequenceNumber: prev && prev.l1Origin.number === origin.number ? prev.sequenceNumber + 1 : 0,
    transactions,
  };
  s.l2Blocks.push(produced);
  s.truth.l2Blocks.push({ rollupId: s.id, number: b.number, timestamp: b.timestamp });
  return produced;
}

/** L1 headers read during one production run (the L1 does not change meanwhile). */
interface L1HeaderCache {
  head(): Promise<number>;
  get(n: number): Promise<{ hash: Hex; timestamp: number }>;
}

function createL1HeaderCache(s: OpState): L1HeaderCache {
  const headers = new Map<number, { hash: Hex; timestamp: number }>();
  let head: number | undefined;
  return {
    async head() {
      head ??= Number(await s.l1.public.getBlockNumber());
      return head;
    },
    async get(n) {
      let h = headers.get(n);
      if (!h) {
        const b = await s.l1.public.getBlock({ blockNumber: BigInt(n) });
        h = { hash: b.hash!, timestamp: Number(b.timestamp) };
        headers.set(n, h);
      }
      return h;
    },
  };
}

/** Latest L1 block with timestamp <= `timestamp`, not before `from` (origins never go back). */
async function l1OriginFor(l1: L1HeaderCache, timestamp: number, from: number): Promise<OpL2Block['l1Origin']> {
  const head = await l1.head();
  let n = Math.min(from, head);
  let cur = await l1.get(n);
  while (n < head) {
    const next = await l1.get(n + 1);
    if (next.timestamp > timestamp) break;
    cur = next;
    n++;
  }
  return { number: n, hash: cur.hash, timestamp: cur.timestamp };
}
