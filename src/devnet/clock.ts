/**
 * Devnet clock: makes chain time pass fast and deterministically on an anvil chain.
 *
 * API (stable):
 *   createClock({ rpc, blockTime? = 12, maxBlocksPerAdvance? = 72 }) => Promise<Clock>
 *   clock.now()                      => latest block timestamp (unix s)
 *   clock.head()                     => { number, hash, timestamp } of the latest block
 *   clock.advance(seconds, { blocks? }) => AdvanceResult   // days of chain time in well under a second
 *   clock.mineBlocks(n, interval?)   => AdvanceResult      // n blocks, `interval` (default blockTime) apart
 *   clock.setNextBlockTimestamp(ts)  => void
 *   mineAt(rpc, timestamps[])        => AdvanceResult      // one block per given timestamp (L2 blocks)
 *
 * Invariants:
 * - `createClock` sets anvil_setBlockTimestampInterval(blockTime): every block anvil mines for a tx
 *   (automine) is exactly `blockTime` seconds after its parent — no wall-clock dependence.
 * - `advance(s)` mines `blocks` blocks (default min(ceil(s / blockTime), maxBlocksPerAdvance), at
 *   least 1) whose timestamps end exactly at head + s. Mining is done in a few RPCs because anvil
 *   slows down per block as the chain grows (prague: ~1 ms/block at 2k blocks, ~7 ms at 10k), so
 *   a 7-day advance = 72 blocks of ~2.3 h, not 50,400 blocks of 12 s. 72 > 64 so everything
 *   before an advance is `finalized` (anvil: finalized = latest − 64, safe = latest − 32).
 */

export type RawRpc = <T = unknown>(method: string, params?: unknown[]) => Promise<T>;

export interface BlockHead {
  number: number;
  hash: `0x${string}`;
  timestamp: number;
}

export interface AdvanceResult {
  /** First and last block mined (inclusive). */
  fromBlock: number;
  toBlock: number;
  /** Timestamp of the last mined block. */
  timestamp: number;
}

export interface Clock {
  readonly blockTime: number;
  now(): Promise<number>;
  head(): Promise<BlockHead>;
  advance(seconds: number, opts?: { blocks?: number }): Promise<AdvanceResult>;
  mineBlocks(n: number, interval?: number): Promise<AdvanceResult>;
  setNextBlockTimestamp(timestamp: number): Promise<void>;
}

/** Minimal JSON-RPC over fetch (used for anvil_* methods and where viem's typing gets in the way). */
export function createRawRpc(rpcUrl: string): RawRpc {
  let id = 0;
  return async <T>(method: string, params: unknown[] = []) => {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
    });
    const j = (await res.json()) as { result?: T; error?: { code: number; message: string; data?: unknown } };
    if (j.error) throw new Error(`${method} failed at ${rpcUrl}: ${j.error.message} (code ${j.error.code}) params=${JSON.stringify(params).slice(0, 300)}`);
    return j.result as T;
  };
}

export async function getHead(rpc: RawRpc, tag: string = 'latest'): Promise<BlockHead> {
  const b = await rpc<{ number: string; hash: `0x${string}`; timestamp: string } | null>('eth_getBlockByNumber', [tag, false]);
  if (!b) throw new Error(`block ${tag} not found`);
  return { number: Number(b.number), hash: b.hash, timestamp: Number(b.timestamp) };
}

export async function createClock(opts: { rpc: RawRpc; blockTime?: number; maxBlocksPerAdvance?: number }): Promise<Clock> {
  const { rpc } = opts;
  const blockTime = opts.blockTime ?? 12;
  const maxBlocks = opts.maxBlocksPerAdvance ?? 72;
  await rpc('anvil_setBlockTimestampInterval', [blockTime]);

  const mineBlocks = async (n: number, interval = blockTime): Promise<AdvanceResult> => {
    if (!Number.isInteger(n) || n < 1) throw new Error(`mineBlocks: n must be a positive integer, got ${n}`);
    const before = await getHead(rpc);
    const target = before.timestamp + n * interval;
    await rpc('anvil_mine', [`0x${n.toString(16)}`, `0x${interval.toString(16)}`]);
    const after = await getHead(rpc);
    if (after.number !== before.number + n || after.timestamp !== target) {
      throw new Error(`mineBlocks(${n}, ${interval}): expected head ${before.number + n}@${target}, got ${after.number}@${after.timestamp}`);
    }
    return { fromBlock: before.number + 1, toBlock: after.number, timestamp: after.timestamp };
  };

  return {
    blockTime,
    now: async () => (await getHead(rpc)).timestamp,
    head: () => getHead(rpc),
    mineBlocks,
    async setNextBlockTimestamp(timestamp) {
      await rpc('evm_setNextBlockTimestamp', [timestamp]);
    },
    async advance(seconds, o = {}) {
      if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`advance: seconds must be a positive integer, got ${seconds}`);
      const blocks = Math.max(1, Math.min(o.blocks ?? Math.min(Math.ceil(seconds / blockTime), maxBlocks), seconds));
      const before = await getHead(rpc);
      const target = before.timestamp + seconds;
      const interval = Math.floor(seconds / blocks);
      if (blocks > 1) await rpc('anvil_mine', [`0x${(blocks - 1).toString(16)}`, `0x${interval.toString(16)}`]);
      // The last block lands exactly on the target time.
      await rpc('evm_setNextBlockTimestamp', [target]);
      await rpc('evm_mine', []);
      const after = await getHead(rpc);
      if (after.timestamp !== target || after.number !== before.number + blocks) {
        throw new Error(`advance(${seconds}): expected head ${before.number + blocks}@${target}, got ${after.number}@${after.timestamp}`);
      }
      return { fromBlock: before.number + 1, toBlock: after.number, timestamp: after.timestamp };
    },
  };
}

/**
 * Mine one block per timestamp (non-decreasing; equal timestamps allowed only if the chain
 * accepts them). Used for L2 blocks, whose times follow the L1 clock rather than a fixed interval.
 */
export async function mineAt(rpc: RawRpc, timestamps: number[]): Promise<AdvanceResult> {
  if (timestamps.length === 0) throw new Error('mineAt: no timestamps');
  const before = await getHead(rpc);
  for (const ts of timestamps) {
    await rpc('evm_setNextBlockTimestamp', [ts]);
    await rpc('evm_mine', []);
  }
  const after = await getHead(rpc);
  if (after.number !== before.number + timestamps.length) {
    throw new Error(`mineAt: expected head ${before.number + timestamps.length}, got ${after.number}`);
  }
  return { fromBlock: before.number + 1, toBlock: after.number, timestamp: after.timestamp };
}
