/**
 * Block headers and full blocks, fetched in JSON-RPC batches, validated at the boundary.
 * A null block for a number the caller knows exists means the answering node lags: retryable.
 */
import { ChainError } from './errors.ts';
import { parseFullBlock, parseHeader, toQuantity, type BlockHeader, type FullBlock } from './format.ts';
import type { RpcClient } from './rpc.ts';

/** Headers of `numbers`, in the given order. */
export async function getHeaders(rpc: RpcClient, numbers: number[]): Promise<BlockHeader[]> {
  if (numbers.length === 0) return [];
  const raw = await rpc.batch(numbers.map((n) => ({ method: 'eth_getBlockByNumber', params: [toQuantity(n), false] })));
  return raw.map((r, i) => toHeader(r, numbers[i], rpc.chainId));
}

export async function getHeader(rpc: RpcClient, number: number): Promise<BlockHeader> {
  const [h] = await getHeaders(rpc, [number]);
  return h;
}

export function toHeader(raw: unknown, number: number, chainId: number): BlockHeader {
  const where = { chainId, block: number };
  if (raw === null) throw new ChainError('node does not know the block', { kind: 'lagging', what: 'eth_getBlockByNumber', where, expected: 'a block' });
  const h = parseHeader(raw, 'eth_getBlockByNumber', where);
  if (h.number !== number) throw new ChainError('node answered another block', { kind: 'inconsistent', what: 'eth_getBlockByNumber', where: { ...where, got: h.number }, expected: `block ${number}` });
  return h;
}

export async function getFullBlocks(rpc: RpcClient, numbers: number[]): Promise<FullBlock[]> {
  if (numbers.length === 0) return [];
  const raw = await rpc.batch(numbers.map((n) => ({ method: 'eth_getBlockByNumber', params: [toQuantity(n), true] })));
  return raw.map((r, i) => {
    const where = { chainId: rpc.chainId, block: numbers[i] };
    if (r === null) throw new ChainError('node does not know the block', { kind: 'lagging', what: 'eth_getBlockByNumber', where });
    const b = parseFullBlock(r, 'eth_getBlockByNumber', where);
    if (b.number !== numbers[i]) throw new ChainError('node answered another block', { kind: 'inconsistent', what: 'eth_getBlockByNumber', where, expected: `block ${numbers[i]}` });
    return b;
  });
}

export type Finality = 'tags' | { depth: number };

export interface HeadTags {
  latest: BlockHeader;
  safe: number;
  finalized: number;
}

/**
 * The chain's head and what can no longer change: its own `safe`/`finalized` tags, or a fixed
 * depth below latest when configured. Asked in one batch so the three come from one node.
 */
export async function getHeadTags(rpc: RpcClient, finality: Finality): Promise<HeadTags> {
  if (finality !== 'tags') {
    const raw = await rpc.request('eth_getBlockByNumber', ['latest', false]);
    const latest = parseHeader(raw, 'eth_getBlockByNumber(latest)', { chainId: rpc.chainId });
    const finalized = Math.max(0, latest.number - finality.depth);
    return { latest, safe: finalized, finalized };
  }
  const [l, s, f] = await rpc.batch([
    { method: 'eth_getBlockByNumber', params: ['latest', false] },
    { method: 'eth_getBlockByNumber', params: ['safe', false] },
    { method: 'eth_getBlockByNumber', params: ['finalized', false] },
  ]);
  const where = { chainId: rpc.chainId };
  const latest = parseHeader(l, 'eth_getBlockByNumber(latest)', where);
  // Fresh chains may have no safe/finalized block yet: treat as genesis.
  const safe = s ? parseHeader(s, 'eth_getBlockByNumber(safe)', where).number : 0;
  const finalized = f ? parseHeader(f, 'eth_getBlockByNumber(finalized)', where).number : 0;
  if (finalized > safe || safe > latest.number) {
    throw new ChainError('head tags out of order', { kind: 'inconsistent', what: 'head tags', where: { ...where, latest: latest.number, safe, finalized }, expected: 'finalized <= safe <= latest' });
  }
  return { latest, safe, finalized };
}
