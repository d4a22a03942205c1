/**
 * Parsing and validation of raw JSON-RPC answers at the boundary. Anything missing or malformed
 * is a retryable `malformed` error (another endpoint or a later try may answer properly); nothing
 * unvalidated reaches the ingest layer.
 */
import type { Address, Hex } from '../rollups/types.ts';
import type { RawLog, RawTransaction } from '../stacks/types.ts';
import { ChainError } from './errors.ts';

export interface BlockHeader {
  number: number;
  hash: Hex;
  parentHash: Hex;
  timestamp: number;
  baseFeePerGas?: bigint;
  blobGasUsed?: number;
  excessBlobGas?: number;
}

/** A block with its full transactions (eth_getBlockByNumber(n, true)). */
export interface FullBlock extends BlockHeader {
  transactions: RawTransaction[];
}

export type Json = Record<string, unknown>;

const malformed = (what: string, field: string, where: Record<string, unknown>, got: unknown) =>
  new ChainError(`field ${field} missing or malformed`, { kind: 'malformed', what, where: { ...where, field, got: JSON.stringify(got)?.slice(0, 80) }, expected: `a valid ${field}` });

const isHash = (v: unknown): v is Hex => typeof v === 'string' && v.length === 66 && v.startsWith('0x');
const isQuantity = (v: unknown): v is string => typeof v === 'string' && v.startsWith('0x') && v.length > 2;
const num = (v: string) => parseInt(v, 16);

export function parseHeader(raw: unknown, what: string, where: Record<string, unknown>): BlockHeader {
  if (!raw || typeof raw !== 'object') throw malformed(what, 'block', where, raw);
  const b = raw as Json;
  if (!isQuantity(b.number)) throw malformed(what, 'number', where, b.number);
  if (!isHash(b.hash)) throw malformed(what, 'hash', where, b.hash);
  if (!isHash(b.parentHash)) throw malformed(what, 'parentHash', where, b.parentHash);
  if (!isQuantity(b.timestamp)) throw malformed(what, 'timestamp', where, b.timestamp);
  return {
    number: num(b.number),
    hash: b.hash.toLowerCase() as Hex,
    parentHash: b.parentHash.toLowerCase() as Hex,
    timestamp: num(b.timestamp),
    baseFeePerGas: isQuantity(b.baseFeePerGas) ? BigInt(b.baseFeePerGas) : undefined,
    blobGasUsed: isQuantity(b.blobGasUsed) ? num(b.blobGasUsed) : undefined,
    excessBlobGas: isQuantity(b.excessBlobGas) ? num(b.excessBlobGas) : undefined,
  };
}

export function parseFullBlock(raw: unknown, what: string, where: Record<string, unknown>): FullBlock {
  const header = parseHeader(raw, what, where);
  const txs = (raw as Json).transactions;
  if (!Array.isArray(txs)) throw malformed(what, 'transactions', where, txs);
  return { ...header, transactions: txs.map((t) => parseTransaction(t, header, what, where)) };
}

export function parseTransaction(raw: unknown, block: Pick<BlockHeader, 'number' | 'hash' | 'timestamp'>, what: string, where: Record<string, unknown>): RawTransaction {
  if (!raw || typeof raw !== 'object') throw malformed(what, 'transaction', where, raw);
  const t = raw as Json;
  if (!isHash(t.hash)) throw malformed(what, 'transaction.hash', where, t.hash);
  if (typeof t.from !== 'string' || t.from.length !== 42) throw malformed(what, 'transaction.from', where, t.from);
  if (typeof t.input !== 'string') throw malformed(what, 'transaction.input', where, t.input);
  if (!isQuantity(t.transactionIndex)) throw malformed(what, 'transaction.transactionIndex', where, t.transactionIndex);
  if (t.blockHash !== undefined && t.blockHash !== null && String(t.blockHash).toLowerCase() !== block.hash) {
    throw new ChainError('transaction blockHash differs from its block', { kind: 'inconsistent', what, where: { ...where, tx: t.hash, block: block.number }, expected: block.hash });
  }
  return {
    hash: t.hash.toLowerCase() as Hex,
    blockNumber: block.number,
    blockHash: block.hash,
    blockTime: block.timestamp,
    transactionIndex: num(t.transactionIndex),
    from: t.from.toLowerCase() as Address,
    to: typeof t.to === 'string' ? (t.to.toLowerCase() as Address) : null,
    input: t.input as Hex,
    type: typeof t.type === 'string' ? t.type : '0x0',
    value: isQuantity(t.value) ? BigInt(t.value) : 0n,
    blobVersionedHashes: Array.isArray(t.blobVersionedHashes) ? (t.blobVersionedHashes as Hex[]) : undefined,
  };
}

/**
 * Parses eth_getLogs entries in place (the parsed JSON objects become the RawLogs: no second copy
 * of a large answer); blockTime is filled later from the headers.
 */
export function parseLogs(raw: unknown, what: string, where: Record<string, unknown>): RawLog[] {
  if (!Array.isArray(raw)) throw malformed(what, 'logs', where, raw);
  // Hashes, addresses and topic0s repeat across the logs of a block/tx: keep one copy of each.
  const pool = new Map<string, string>();
  const intern = (v: string) => { const seen = pool.get(v); if (seen !== undefined) return seen; pool.set(v, v); return v; };
  for (let i = 0; i < raw.length; i++) {
    const l = raw[i] as Json;
    if (!l || typeof l !== 'object') throw malformed(what, 'log', where, l);
    if (l.removed === true) throw new ChainError('eth_getLogs returned a removed log', { kind: 'inconsistent', what, where, expected: 'canonical logs only' });
    const { address, topics, data, blockNumber, blockHash, transactionHash, transactionIndex, logIndex } = l;
    if (typeof address !== 'string' || address.length !== 42) throw malformed(what, 'log.address', where, address);
    if (!Array.isArray(topics)) throw malformed(what, 'log.topics', where, topics);
    if (typeof data !== 'string') throw malformed(what, 'log.data', where, data);
    if (!isQuantity(blockNumber)) throw malformed(what, 'log.blockNumber', where, blockNumber);
    if (!isHash(blockHash)) throw malformed(what, 'log.blockHash', where, blockHash);
    if (!isHash(transactionHash)) throw malformed(what, 'log.transactionHash', where, transactionHash);
    if (!isQuantity(transactionIndex)) throw malformed(what, 'log.transactionIndex', where, transactionIndex);
    if (!isQuantity(logIndex)) throw malformed(what, 'log.logIndex', where, logIndex);
    l.address = intern(lower(address));
    l.blockNumber = num(blockNumber);
    l.blockHash = intern(lower(blockHash));
    l.blockTime = 0;
    l.transactionHash = intern(lower(transactionHash));
    if (typeof topics[0] === 'string') topics[0] = intern(topics[0]);
    l.transactionIndex = num(transactionIndex);
    l.logIndex = num(logIndex);
    delete l.removed;
  }
  return raw as RawLog[];
}

/** Lowercase without allocating when it already is (JSON-RPC answers are). */
const upper = /[A-F]/;
export const lower = (s: string) => (upper.test(s) ? s.toLowerCase() : s);

export interface ParsedReceipt {
  transactionHash: Hex;
  blockHash: Hex;
  status: 'success' | 'reverted';
  gasUsed: bigint;
  effectiveGasPrice: bigint;
  blobGasUsed?: bigint;
  blobGasPrice?: bigint;
}

export function parseReceipt(raw: unknown, what: string, where: Record<string, unknown>): ParsedReceipt {
  if (!raw || typeof raw !== 'object') throw malformed(what, 'receipt', where, raw);
  const r = raw as Json;
  if (!isHash(r.transactionHash)) throw malformed(what, 'receipt.transactionHash', where, r.transactionHash);
  if (!isHash(r.blockHash)) throw malformed(what, 'receipt.blockHash', where, r.blockHash);
  if (!isQuantity(r.gasUsed)) throw malformed(what, 'receipt.gasUsed', where, r.gasUsed);
  if (!isQuantity(r.status)) throw malformed(what, 'receipt.status', where, r.status);
  return {
    transactionHash: r.transactionHash.toLowerCase() as Hex,
    blockHash: r.blockHash.toLowerCase() as Hex,
    status: num(r.status) === 1 ? 'success' : 'reverted',
    gasUsed: BigInt(r.gasUsed),
    effectiveGasPrice: isQuantity(r.effectiveGasPrice) ? BigInt(r.effectiveGasPrice) : 0n,
    blobGasUsed: isQuantity(r.blobGasUsed) ? BigInt(r.blobGasUsed) : undefined,
    blobGasPrice: isQuantity(r.blobGasPrice) ? BigInt(r.blobGasPrice) : undefined,
  };
}

export const toQuantity = (n: number | bigint) => `0x${n.toString(16)}`;
