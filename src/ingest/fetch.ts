/**
 * Everything one range of one source needs, fetched and cross-checked: logs (adaptive range),
 * factory children, transactions and receipts where the source asks, blobs, and the headers of
 * every block a fact may come from (timestamps). Returns the range actually covered, which may
 * end before the requested end (adaptive eth_getLogs).
 */
import type { Address, Hex } from '../rollups/types.ts';
import type { FactorySource, RawLog, RawTransaction, SourceBatch, TransactionSource } from '../stacks/types.ts';
import { ChainError, RangeLimitError } from '../chain/errors.ts';
import { getHeaders } from '../chain/blocks.ts';
import { getBlobs, type BeaconConfig } from '../chain/blobs.ts';
import type { BlockHeader } from '../chain/format.ts';
import { parseTransaction } from '../chain/format.ts';
import { byPosition, getLogsAdaptive, getLogsInRange, spanAfterLimit, type RangeSizer } from '../chain/logs.ts';
import type { RpcClient } from '../chain/rpc.ts';
import type { LogColumns } from '../chain/logs-scan.ts';
import { findSenderActivity, getReceipts, getTransactionsTo } from '../chain/transactions.ts';
import type { BoundSource } from './sources.ts';

export interface FactoryChild {
  address: Address;
  blockNumber: number;
  logIndex: number;
}

export interface FetchedRange {
  batch: SourceBatch;
  /** Headers of the blocks of batch.logs / batch.transactions, and of batch.toBlock. */
  headers: Map<number, BlockHeader>;
  /** Children discovered in this range (factory sources). */
  newChildren: FactoryChild[];
  /**
   * The logs of a source decoded in slices (LogSource.sliceBefore), when the answer was scanned:
   * batch.logs is empty and the decode makes RawLogs of these a slice at a time (blockTime from
   * `headers`), then releases them.
   */
  columns?: LogColumns;
  /** Set when the fetch holds the process's heavy-range gate until decoded. */
  releaseHeavy?: () => void;
}

export interface FetchArgs {
  rpc: RpcClient;
  bound: BoundSource;
  fromBlock: number;
  /** Upper bound; the fetch may cover less. */
  toBlock: number;
  sizer: RangeSizer;
  /** Children known before fromBlock (factory sources). */
  knownChildren?: () => Promise<FactoryChild[]>;
  beacon?: BeaconConfig;
  /** Blocks per transaction-source range (default 2,000). */
  txSpan?: number;
  /** Awaited with the size of each eth_getLogs answer before it is parsed (the heavy-answer gate). */
  beforeParse?: (bytes: number) => Promise<void> | void;
}

/** Above this many children, children logs are asked by topic only and filtered here. */
const MAX_ADDRESSES_PER_FILTER = 500;

export async function fetchRange(args: FetchArgs): Promise<FetchedRange> {
  const { source } = args.bound;
  if (source.kind === 'logs') {
    if (source.addresses.length === 0) {
      // No contract yet (e.g. not deployed in this era): nothing to read, the range is done.
      const [toHeader] = await getHeaders(args.rpc, [args.toBlock]);
      return { batch: { source, fromBlock: args.fromBlock, toBlock: args.toBlock, logs: [], transactions: new Map() }, headers: new Map([[args.toBlock, toHeader]]), newChildren: [] };
    }
    const withTransactions = source.withTransactions === true || source.withReceipts === true;
    const r = await getLogsAdaptive(args.rpc, { addresses: source.addresses, topics: source.topics }, args.fromBlock, args.toBlock, args.sizer, { ...args, columns: (source.sliceBefore?.length ?? 0) > 0 && !withTransactions });
    if (r.columns) return finishColumns(args, r.fromBlock, r.toBlock, r.columns, r.toHeader);
    return finishLogs(args, r.fromBlock, r.toBlock, r.logs, r.toHeader, [], source.withTransactions === true, source.withReceipts === true);
  }
  if (source.kind === 'factory') return fetchFactoryRange(args, source);
  return fetchTransactionRange(args, source);
}

async function fetchFactoryRange(args: FetchArgs, source: FactorySource): Promise<FetchedRange> {
  const created = await getLogsAdaptive(args.rpc, { addresses: [source.factory], topics: [source.factoryTopic] }, args.fromBlock, args.toBlock, args.sizer, args);
  const newChildren: FactoryChild[] = created.logs.map((l) => {
    let address: string;
    try {
      address = source.childAddress(l);
    } catch (cause) {
      throw new ChainError('factory log without a readable child address', { kind: 'malformed', what: 'childAddress', where: { chainId: args.rpc.chainId, block: l.blockNumber, logIndex: l.logIndex }, cause });
    }
    return { address: address.toLowerCase() as Address, blockNumber: l.blockNumber, logIndex: l.logIndex };
  });
  const children = [...((await args.knownChildren?.()) ?? []), ...newChildren];
  const { fromBlock } = created;
  const toBlock = created.toBlock;
  let logs: RawLog[] = [];
  let toHeader = created.toHeader;
  if (children.length > 0) {
    const since = new Map(children.map((c) => [c.address, c.blockNumber] as const));
    let r: Awaited<ReturnType<typeof getLogsInRange>>;
    try {
      r = children.length <= MAX_ADDRESSES_PER_FILTER
        ? await getLogsInRange(args.rpc, { addresses: children.map((c) => c.address), topics: source.topics }, fromBlock, toBlock, args)
        : await getLogsInRange(args.rpc, { topics: source.topics }, fromBlock, toBlock, args);
    } catch (err) {
      // Too many children logs for this span: shrink and start over on a shorter range.
      if (!(err instanceof RangeLimitError) || toBlock === fromBlock) throw err;
      const span = toBlock - fromBlock + 1;
      args.sizer.onLimit(span, spanAfterLimit(err, fromBlock, span));
      return fetchFactoryRange({ ...args, toBlock: fromBlock + Math.max(1, Math.floor(span / 2)) - 1 }, source);
    }
    logs = children.length <= MAX_ADDRESSES_PER_FILTER ? r.logs : r.logs.filter((l) => since.has(l.address));
    toHeader = r.toHeader;
    logs = logs.filter((l) => l.blockNumber >= (since.get(l.address) ?? Infinity));
    if (toHeader.hash !== created.toHeader.hash) {
      throw new ChainError('range end changed between two calls', { kind: 'inconsistent', what: 'factory children logs', where: { chainId: args.rpc.chainId, block: toBlock }, expected: created.toHeader.hash });
    }
  }
  return finishLogs(args, fromBlock, toBlock, logs, toHeader, newChildren, false, false);
}

async function finishLogs(
  args: FetchArgs, fromBlock: number, toBlock: number, logs: RawLog[], toHeader: BlockHeader,
  newChildren: FactoryChild[], withTransactions: boolean, withReceipts: boolean,
): Promise<FetchedRange> {
  const headers = await headersOf(args.rpc, logs.map((l) => l.blockNumber), toHeader);
  for (const l of logs) {
    const h = headers.get(l.blockNumber)!;
    if (h.hash !== l.blockHash) {
      throw new ChainError('log blockHash differs from the header of its block', { kind: 'inconsistent', what: 'eth_getLogs', where: { chainId: args.rpc.chainId, block: l.blockNumber, logIndex: l.logIndex }, expected: h.hash });
    }
    l.blockTime = h.timestamp;
  }
  const transactions = new Map<Hex, RawTransaction>();
  if (withTransactions || withReceipts) {
    const hashes = [...new Set(logs.map((l) => l.transactionHash))];
    const raw = await args.rpc.batch(hashes.map((h) => ({ method: 'eth_getTransactionByHash', params: [h] })));
    raw.forEach((r, i) => {
      const where = { chainId: args.rpc.chainId, tx: hashes[i] };
      if (r === null) throw new ChainError('node has no such transaction', { kind: 'lagging', what: 'eth_getTransactionByHash', where });
      const bn = parseInt(String((r as { blockNumber?: string }).blockNumber), 16);
      const h = headers.get(bn);
      if (!h) throw new ChainError('transaction in an unexpected block', { kind: 'inconsistent', what: 'eth_getTransactionByHash', where, expected: 'the block of its log' });
      const tx = parseTransaction(r, h, 'eth_getTransactionByHash', where);
      transactions.set(tx.hash, tx);
    });
    if (withReceipts) await attachReceipts(args.rpc, transactions);
  }
  return { batch: { source: args.bound.source, fromBlock, toBlock, logs, transactions }, headers, newChildren };
}

/** finishLogs for logs kept as columns (no transactions): headers of their blocks, hashes checked. */
async function finishColumns(args: FetchArgs, fromBlock: number, toBlock: number, columns: LogColumns, toHeader: BlockHeader): Promise<FetchedRange> {
  const numbers = new Set<number>();
  for (let i = 0; i < columns.count; i++) numbers.add(columns.blockNumber(i));
  const headers = await headersOf(args.rpc, [...numbers], toHeader);
  for (let i = 0; i < columns.count; i++) {
    const h = headers.get(columns.blockNumber(i))!;
    if (h.number === toHeader.number) continue; // checked with the logs
    if (h.hash !== columns.blockHash(i)) {
      throw new ChainError('log blockHash differs from the header of its block', { kind: 'inconsistent', what: 'eth_getLogs', where: { chainId: args.rpc.chainId, block: h.number, logIndex: columns.logIndex(i) }, expected: h.hash });
    }
  }
  return { batch: { source: args.bound.source, fromBlock, toBlock, logs: [], transactions: new Map() }, headers, newChildren: [], columns };
}

async function fetchTransactionRange(args: FetchArgs, source: TransactionSource): Promise<FetchedRange> {
  const fromBlock = args.fromBlock;
  const toBlock = Math.min(args.toBlock, fromBlock + (args.txSpan ?? 2_000) - 1);
  const sendersOf = async (b: number) => (await source.senders(b)).map((s) => s.toLowerCase() as Address);
  const senders = [...new Set([...(await sendersOf(fromBlock)), ...(await sendersOf(toBlock))])];
  let active: number[];
  try {
    active = await findSenderActivity(args.rpc, senders, fromBlock, toBlock);
  } catch (err) {
    // Without historical state (non-archive node) there is no nonce signal: read every block.
    if (!(err instanceof ChainError && err.kind === 'state_unavailable')) throw err;
    active = [];
    for (let n = fromBlock; n <= toBlock; n++) active.push(n);
  }
  const { transactions: txs, blocks } = await getTransactionsTo(args.rpc, active, source.to, sendersOf);
  const [toHeader] = await getHeaders(args.rpc, [toBlock]);
  const headers = new Map<number, BlockHeader>(blocks.map((b) => [b.number, { ...b, transactions: undefined } as BlockHeader]));
  headers.set(toBlock, headers.get(toBlock) ?? toHeader);
  if (headers.get(toBlock)!.hash !== toHeader.hash) {
    throw new ChainError('range end changed between two calls', { kind: 'inconsistent', what: 'transactions', where: { chainId: args.rpc.chainId, block: toBlock }, expected: toHeader.hash });
  }
  txs.sort((a, b) => a.blockNumber - b.blockNumber || a.transactionIndex - b.transactionIndex);
  const transactions = new Map<Hex, RawTransaction>(txs.map((t) => [t.hash, t]));
  if (source.withReceipts) await attachReceipts(args.rpc, transactions);
  if (source.withBlobs) {
    for (const tx of transactions.values()) {
      if (tx.blobVersionedHashes && tx.blobVersionedHashes.length > 0) tx.blobs = await getBlobs(args.rpc, args.beacon, tx);
    }
  }
  return { batch: { source, fromBlock, toBlock, logs: [], transactions }, headers, newChildren: [] };
}

async function attachReceipts(rpc: RpcClient, transactions: Map<Hex, RawTransaction>): Promise<void> {
  const receipts = await getReceipts(rpc, [...transactions.values()].map((t) => ({ hash: t.hash, blockHash: t.blockHash })));
  for (const tx of transactions.values()) {
    const r = receipts.get(tx.hash)!;
    tx.receipt = { status: r.status, gasUsed: r.gasUsed, effectiveGasPrice: r.effectiveGasPrice, blobGasUsed: r.blobGasUsed, blobGasPrice: r.blobGasPrice };
  }
}

/** Headers of the given block numbers (deduplicated) plus the known range-end header. */
async function headersOf(rpc: RpcClient, numbers: number[], toHeader: BlockHeader): Promise<Map<number, BlockHeader>> {
  const headers = new Map<number, BlockHeader>([[toHeader.number, toHeader]]);
  const missing = [...new Set(numbers)].filter((n) => !headers.has(n));
  for (const h of await getHeaders(rpc, missing)) headers.set(h.number, h);
  return headers;
}

export { byPosition };
