/**
 * Test helpers comparing a scenario's ground truth with what the chains hold now.
 *   logCountsOnChain(truth) => Map<"chainId:address:topic0", count>   (eth_getLogs, whole chain)
 *   truthCounts(truth)      => same keys, from truth.eventCounts (and truth.events when kept)
 *   eventsNotCanonical(truth) => truth events whose (blockHash, logIndex, topic0, txHash) is not on chain
 */
import type { Hex } from '../../rollups/types.ts';
import type { RecordedTruth } from '../recorder.ts';
import type { TruthEvent } from '../truth.ts';
import { createRawRpc } from '../clock.ts';

interface RawLog { address: string; topics: Hex[]; blockHash: Hex; logIndex: string; transactionHash: Hex; blockNumber: string }

const k = (chainId: number, address: string, topic0: string) => `${chainId}:${address.toLowerCase()}:${topic0}`;

function rpcFor(truth: RecordedTruth, chainId: number) {
  const c = truth.chains.find((x) => x.chainId === chainId);
  if (!c) throw new Error(`chain ${chainId} not in truth.chains`);
  return createRawRpc(c.rpcUrl);
}

export async function logCountsOnChain(truth: RecordedTruth): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const addresses = new Map<number, Set<string>>();
  for (const c of truth.eventCounts) {
    if (!addresses.has(c.chainId)) addresses.set(c.chainId, new Set());
    addresses.get(c.chainId)!.add(c.address.toLowerCase());
  }
  for (const [chainId, set] of addresses) {
    const rpc = rpcFor(truth, chainId);
    const head = Number(await rpc<string>('eth_blockNumber'));
    // Small ranges: a load block holds ~15k logs (~10 MB of JSON).
    for (let from = 0; from <= head; from += 16) {
      const range = { address: [...set], fromBlock: `0x${from.toString(16)}`, toBlock: `0x${Math.min(head, from + 15).toString(16)}` };
      const logs = await rpc<RawLog[]>('eth_getLogs', [range]);
      for (const l of logs) out.set(k(chainId, l.address, l.topics[0]!), (out.get(k(chainId, l.address, l.topics[0]!)) ?? 0) + 1);
    }
  }
  return out;
}

export function truthCounts(truth: RecordedTruth): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of truth.eventCounts) if (c.count !== 0) out.set(k(c.chainId, c.address, c.topic0), c.count);
  return out;
}

export function eventCountsFromEvents(events: TruthEvent[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of events) out.set(k(e.chainId, e.address, e.topic0), (out.get(k(e.chainId, e.address, e.topic0)) ?? 0) + 1);
  return out;
}

export async function eventsNotCanonical(truth: RecordedTruth): Promise<TruthEvent[]> {
  const byBlock = new Map<string, TruthEvent[]>();
  for (const e of truth.events) {
    const key = `${e.chainId}:${e.blockHash}`;
    if (!byBlock.has(key)) byBlock.set(key, []);
    byBlock.get(key)!.push(e);
  }
  const bad: TruthEvent[] = [];
  for (const [key, evs] of byBlock) {
    const [chainId, blockHash] = key.split(':') as [string, Hex];
    const rpc = rpcFor(truth, Number(chainId));
    const block = await rpc<{ hash: Hex } | null>('eth_getBlockByNumber', [`0x${evs[0]!.blockNumber.toString(16)}`, false]);
    if (!block || block.hash !== blockHash) { bad.push(...evs); continue; }
    const logs = await rpc<RawLog[]>('eth_getLogs', [{ blockHash }]);
    for (const e of evs) {
      const l = logs.find((x) => Number(x.logIndex) === e.logIndex);
      if (!l || l.topics[0] !== e.topic0 || l.transactionHash !== e.txHash || l.address.toLowerCase() !== e.address.toLowerCase()) bad.push(e);
    }
  }
  return bad;
}
