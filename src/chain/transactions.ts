/**
 * Transactions by sender without scanning every full block: a sender's nonce only grows when it
 * sends a transaction, so bisecting [from, to] on eth_getTransactionCount finds the few blocks
 * where senders were active (O(k log n) cheap calls for k transactions); only those full blocks
 * are fetched. Blocks whose header says "no blob gas" are skipped when only blob transactions matter.
 */
import type { Address, Hex } from '../rollups/types.ts';
import type { RawTransaction } from '../stacks/types.ts';
import { ChainError } from './errors.ts';
import { getFullBlocks } from './blocks.ts';
import { parseReceipt, toQuantity, type FullBlock, type ParsedReceipt } from './format.ts';
import type { RpcClient } from './rpc.ts';

/** Nonces of `senders` at the end of each block in `blocks` (one batch). */
async function noncesAt(rpc: RpcClient, senders: Address[], blocks: number[]): Promise<Map<number, bigint[]>> {
  const calls = blocks.flatMap((b) => senders.map((s) => ({ method: 'eth_getTransactionCount', params: [s, toQuantity(b)] })));
  const raw = await rpc.batch<string>(calls);
  const out = new Map<number, bigint[]>();
  blocks.forEach((b, i) => {
    out.set(b, senders.map((_, j) => {
      const v = raw[i * senders.length + j];
      if (typeof v !== 'string' || !v.startsWith('0x')) throw new ChainError('nonce missing', { kind: 'malformed', what: 'eth_getTransactionCount', where: { chainId: rpc.chainId, block: b } });
      return BigInt(v);
    }));
  });
  return out;
}

const same = (a: bigint[], b: bigint[]) => a.every((x, i) => x === b[i]);

/**
 * Blocks in [fromBlock, toBlock] in which at least one sender's nonce changed, i.e. it sent a tx.
 * Bisects down to spans of `leafSpan` blocks, which are returned whole.
 */
export async function findSenderActivity(rpc: RpcClient, senders: Address[], fromBlock: number, toBlock: number, leafSpan = 8): Promise<number[]> {
  if (senders.length === 0 || toBlock < fromBlock) return [];
  const before = fromBlock - 1;
  const ends = await noncesAt(rpc, senders, before >= 0 ? [before, toBlock] : [toBlock]);
  const start = before >= 0 ? ends.get(before)! : senders.map(() => 0n);
  const found: number[] = [];
  // Frontier of spans to examine: [a, b] with the nonces before a and at b.
  let frontier: { a: number; b: number; na: bigint[]; nb: bigint[] }[] = [{ a: fromBlock, b: toBlock, na: start, nb: ends.get(toBlock)! }];
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    const splits: { a: number; b: number; mid: number; na: bigint[]; nb: bigint[] }[] = [];
    for (const s of frontier) {
      if (same(s.na, s.nb)) continue;
      if (s.b - s.a + 1 <= leafSpan) { for (let n = s.a; n <= s.b; n++) found.push(n); continue; }
      splits.push({ ...s, mid: Math.floor((s.a + s.b) / 2) });
    }
    if (splits.length > 0) {
      const mids = await noncesAt(rpc, senders, splits.map((s) => s.mid));
      for (const s of splits) {
        const nm = mids.get(s.mid)!;
        next.push({ a: s.a, b: s.mid, na: s.na, nb: nm }, { a: s.mid + 1, b: s.b, na: nm, nb: s.nb });
      }
    }
    frontier = next;
  }
  return found.sort((x, y) => x - y);
}

/** Transactions to `to` from any of `sendersOf(block)` in the given blocks, with their blocks. */
export async function getTransactionsTo(
  rpc: RpcClient,
  blockNumbers: number[],
  to: Address,
  sendersOf: (block: number) => Promise<Address[]>,
  batchBlocks = 20,
): Promise<{ transactions: RawTransaction[]; blocks: FullBlock[] }> {
  const transactions: RawTransaction[] = [];
  const blocks: FullBlock[] = [];
  const target = to.toLowerCase();
  for (let i = 0; i < blockNumbers.length; i += batchBlocks) {
    const chunk = await getFullBlocks(rpc, blockNumbers.slice(i, i + batchBlocks));
    for (const b of chunk) {
      const senders = new Set((await sendersOf(b.number)).map((s) => s.toLowerCase()));
      const matches = b.transactions.filter((t) => t.to === target && senders.has(t.from));
      if (matches.length > 0) blocks.push({ ...b, transactions: [] });
      transactions.push(...matches);
    }
  }
  return { transactions, blocks };
}

/** Receipts of `hashes` (one batch per chunk), checked against the blocks the txs were read from. */
export async function getReceipts(rpc: RpcClient, txs: { hash: Hex; blockHash: Hex }[], perBatch = 16): Promise<Map<Hex, ParsedReceipt>> {
  const out = new Map<Hex, ParsedReceipt>();
  // Receipts carry all their logs (thousands for bulk txs): small batches, one after another, bound memory.
  for (let start = 0; start < txs.length; start += perBatch) {
    const chunk = txs.slice(start, start + perBatch);
    const raw = await rpc.batch(chunk.map((t) => ({ method: 'eth_getTransactionReceipt', params: [t.hash] })), { dropArrays: ['logs'] });
    parseInto(raw, chunk);
  }
  return out;

  function parseInto(raw: unknown[], txs: { hash: Hex; blockHash: Hex }[]): void {
  raw.forEach((r, i) => {
    const where = { chainId: rpc.chainId, tx: txs[i].hash };
    if (r === null) throw new ChainError('node has no receipt for a mined tx', { kind: 'lagging', what: 'eth_getTransactionReceipt', where });
    const receipt = parseReceipt(r, 'eth_getTransactionReceipt', where);
    if (receipt.blockHash !== txs[i].blockHash) {
      throw new ChainError('receipt from another block', { kind: 'inconsistent', what: 'eth_getTransactionReceipt', where, expected: txs[i].blockHash });
    }
    out.set(txs[i].hash, receipt);
  });
  }
}
