/**
 * Test helpers of the ZK stacks: logs and transactions built with viem's encoders from the exact
 * event ABIs, a decode context whose chain reads are answered from a table, and the reference
 * tables of shared/reference/events.md (topic0 by canonical signature, selector by signature).
 */
import { existsSync, readFileSync } from 'node:fs';
import { encodeAbiParameters, encodeEventTopics, type AbiEvent, type AbiParameter } from 'viem';
import type { Address, Hex } from '../../rollups/types.ts';
import type { DecodeContext, RawLog, RawTransaction, Source, SourceBatch } from '../types.ts';
import { EVENTS_MD } from '../../testing/reference.ts';

/** The vendored reference tables (reference/ at the repository root). */
export { EVENTS_MD } from '../../testing/reference.ts';

export interface Reference {
  /** Canonical signature => topic0, from every event table. */
  topics: Map<string, Hex>;
  /** Canonical function signature => selector, from the selector table. */
  selectors: Map<string, Hex>;
}

export function readReference(path = EVENTS_MD): Reference {
  if (!existsSync(path)) throw new Error(`reference file not found at ${path}: the reference tables are vendored in reference/`);
  const topics = new Map<string, Hex>();
  const selectors = new Map<string, Hex>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const ticks = (c: string | undefined) => /`([^`]+)`/.exec(c ?? '')?.[1];
    if (cells.length === 4) {
      const sig = ticks(cells[2]);
      const topic = ticks(cells[3]);
      if (sig && topic && /^0x[0-9a-f]{64}$/.test(topic)) topics.set(sig, topic as Hex);
    } else if (cells.length === 3) {
      const fn = ticks(cells[1]);
      const sel = ticks(cells[2]);
      if (fn && sel && /^0x[0-9a-f]{8}$/.test(sel)) selectors.set(fn.replace(/\s.*$/, ''), sel as Hex);
    }
  }
  return { topics, selectors };
}

export interface LogAt {
  address: Address;
  blockNumber: number;
  logIndex: number;
  transactionHash: Hex;
  transactionIndex?: number;
  blockTime?: number;
  blockHash?: Hex;
}

export const blockHashOf = (n: number): Hex => `0x${n.toString(16).padStart(64, 'b')}`;

/** A log of `event` with `args`, encoded by viem (topics for indexed inputs, data for the rest). */
export function logOf(event: AbiEvent, args: Record<string, unknown>, at: LogAt): RawLog {
  const topics = encodeEventTopics({ abi: [event], eventName: event.name, args: args as never }) as Hex[];
  const dataInputs = event.inputs.filter((i) => !i.indexed) as AbiParameter[];
  const data = encodeAbiParameters(dataInputs, dataInputs.map((i) => args[i.name!]));
  return {
    address: at.address,
    topics,
    data,
    blockNumber: at.blockNumber,
    blockHash: at.blockHash ?? blockHashOf(at.blockNumber),
    blockTime: at.blockTime ?? 1_700_000_000 + at.blockNumber * 12,
    transactionHash: at.transactionHash,
    transactionIndex: at.transactionIndex ?? 0,
    logIndex: at.logIndex,
  };
}

export function txOf(t: {
  hash: Hex; blockNumber: number; from: Address; to: Address; input: Hex; transactionIndex?: number; blockTime?: number;
  blobVersionedHashes?: Hex[]; gasUsed?: bigint; effectiveGasPrice?: bigint; blobGasUsed?: bigint; blobGasPrice?: bigint;
}): RawTransaction {
  const blobs = t.blobVersionedHashes ?? [];
  return {
    hash: t.hash,
    blockNumber: t.blockNumber,
    blockHash: blockHashOf(t.blockNumber),
    blockTime: t.blockTime ?? 1_700_000_000 + t.blockNumber * 12,
    transactionIndex: t.transactionIndex ?? 0,
    from: t.from,
    to: t.to,
    input: t.input,
    type: blobs.length > 0 ? 'eip4844' : 'eip1559',
    value: 0n,
    ...(blobs.length > 0 ? { blobVersionedHashes: blobs } : {}),
    receipt: {
      status: 'success',
      gasUsed: t.gasUsed ?? 100_000n,
      effectiveGasPrice: t.effectiveGasPrice ?? 10_000_000_000n,
      ...(blobs.length > 0 ? { blobGasUsed: t.blobGasUsed ?? BigInt(blobs.length) * 131_072n, blobGasPrice: t.blobGasPrice ?? 3n } : {}),
    },
  };
}

export function batchOf(source: Source, logs: RawLog[], txs: RawTransaction[] = []): SourceBatch {
  const blocks = logs.map((l) => l.blockNumber);
  return {
    source,
    fromBlock: Math.min(...blocks, source.fromBlock),
    toBlock: Math.max(...blocks, source.fromBlock),
    logs: [...logs].sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex),
    transactions: new Map(txs.map((t) => [t.hash, t])),
  };
}

/**
 * A decode context answering eth_calls from `calls[functionName](blockNumber)` (and recording
 * them), and L2 JSON-RPC from `l2[method](params)` when given.
 */
export function contextOf(opts: {
  calls?: Record<string, (blockNumber: number) => bigint>;
  l2?: Record<string, (params: readonly unknown[]) => unknown>;
} = {}): DecodeContext & { seen: { functionName: string; blockNumber: number }[] } {
  const seen: { functionName: string; blockNumber: number }[] = [];
  const state = new Map<string, unknown>();
  return {
    seen,
    async readContract<T>(args: { functionName: string; blockNumber: number }) {
      seen.push({ functionName: args.functionName, blockNumber: args.blockNumber });
      const f = opts.calls?.[args.functionName];
      if (!f) throw new Error(`unexpected eth_call ${args.functionName} at block ${args.blockNumber}`);
      return f(args.blockNumber) as T;
    },
    state: { get: async <T>(k: string) => state.get(k) as T | undefined, set: async (k, v) => void state.set(k, v) },
    ...(opts.l2
      ? {
          l2: {
            getBlockByHash: async () => null,
            request: async <T>(method: string, params: readonly unknown[]) => {
              const f = opts.l2![method];
              if (!f) throw new Error(`unexpected L2 call ${method}`);
              return f(params) as T;
            },
          },
        }
      : {}),
  };
}
