/**
 * L2 block range of an L1 batch, read from the zkSync L2 node when the rollup has one configured:
 * `zks_getL1BatchBlockRange(n)` => [firstHex, lastHex] (null for a batch the node does not know),
 * then the first and last blocks' timestamps. Without an L2 RPC the range stays unknown (null).
 */
import type { DecodeContext } from '../types.ts';

export interface L2BatchRange {
  start: number;
  end: number;
  startTime: number | null;
  endTime: number | null;
}

export type L2RangeReader = (batchNumber: bigint) => Promise<L2BatchRange | null>;

/** A reader caching per batch within one decode; `null` reader when the context has no L2 RPC. */
export function l2RangeReader(ctx: DecodeContext): L2RangeReader | null {
  const request = ctx.l2?.request?.bind(ctx.l2);
  if (!request) return null;
  const cache = new Map<bigint, Promise<L2BatchRange | null>>();
  const timeOf = async (n: number) => {
    const block = await request<{ timestamp: string } | null>('eth_getBlockByNumber', [`0x${n.toString(16)}`, false]);
    return block ? Number(BigInt(block.timestamp)) : null;
  };
  return (batchNumber) => {
    let p = cache.get(batchNumber);
    if (!p) {
      p = (async () => {
        const range = await request<[string, string] | null>('zks_getL1BatchBlockRange', [Number(batchNumber)]);
        if (!range) return null;
        const start = Number(BigInt(range[0]));
        const end = Number(BigInt(range[1]));
        const [startTime, endTime] = await Promise.all([timeOf(start), start === end ? null : timeOf(end)]);
        return { start, end, startTime, endTime: start === end ? startTime : endTime };
      })();
      cache.set(batchNumber, p);
    }
    return p;
  };
}
