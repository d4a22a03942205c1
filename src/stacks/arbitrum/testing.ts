/**
 * Builders of mainnet-shaped inputs for the Arbitrum decoder tests: logs encoded with viem from
 * the reference ABIs, transactions with encoded calldata, and a DecodeContext whose contract
 * reads and state are plain in-memory tables (the decoders' only I/O).
 */
import { encodeAbiParameters, encodeEventTopics, keccak256, type AbiEvent, type Hex } from 'viem';
import type { Address } from '../../rollups/types.ts';
import type { DecodeContext, RawLog, RawTransaction, Source, SourceBatch } from '../types.ts';

let counter = 0;
/** A distinct, deterministic 32-byte hash for the n-th call (tx hashes, block hashes). */
export const fakeHash = (label: string): Hex => keccak256(`0x${Buffer.from(`${label}:${counter++}`).toString('hex')}`);

export interface LogAt {
  address: Address;
  blockNumber: number;
  blockTime: number;
  transactionHash: Hex;
  transactionIndex?: number;
  logIndex: number;
  blockHash?: Hex;
}

/** A RawLog of `event` with `args` (named), encoded exactly as the EVM would. */
export function encodeLog(event: AbiEvent, args: Record<string, unknown>, at: LogAt): RawLog {
  const indexed = Object.fromEntries(event.inputs.filter((i) => i.indexed).map((i) => [i.name!, args[i.name!]]));
  const topics = encodeEventTopics({ abi: [event], eventName: event.name, args: indexed } as never) as Hex[];
  const data = event.inputs.some((i) => !i.indexed)
    ? encodeAbiParameters(event.inputs.filter((i) => !i.indexed), event.inputs.filter((i) => !i.indexed).map((i) => args[i.name!]))
    : '0x';
  return {
    address: at.address.toLowerCase() as Address,
    topics,
    data,
    blockNumber: at.blockNumber,
    blockHash: at.blockHash ?? blockHashOf(at.blockNumber),
    blockTime: at.blockTime,
    transactionHash: at.transactionHash,
    transactionIndex: at.transactionIndex ?? 0,
    logIndex: at.logIndex,
  };
}

export const blockHashOf = (n: number): Hex => keccak256(`0x${n.toString(16).padStart(16, '0')}`);

export function tx(fields: Partial<RawTransaction> & Pick<RawTransaction, 'hash' | 'from' | 'to' | 'input' | 'blockNumber' | 'blockTime'>): RawTransaction {
  return {
    blockHash: blockHashOf(fields.blockNumber),
    transactionIndex: 0,
    type: '0x2',
    value: 0n,
    ...fields,
    from: fields.from.toLowerCase() as Address,
    to: fields.to ? (fields.to.toLowerCase() as Address) : null,
  };
}

export function sourceBatch(source: Source, logs: RawLog[], txs: RawTransaction[] = []): SourceBatch {
  const blocks = logs.map((l) => l.blockNumber);
  return {
    source,
    fromBlock: Math.min(...blocks),
    toBlock: Math.max(...blocks),
    logs: [...logs].sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex),
    transactions: new Map(txs.map((t) => [t.hash, t])),
  };
}

export interface TestContext extends DecodeContext {
  reads: { functionName: string; address: string; blockNumber: number; args?: readonly unknown[] }[];
  store: Map<string, unknown>;
}

/**
 * A DecodeContext over in-memory tables: `read(functionName, address, block, args)` answers
 * contract reads (throw from it to simulate a revert), `store` is the decoder state, `l2Blocks`
 * maps L2 block hashes to numbers.
 */
export function testContext(opts: {
  read?: (functionName: string, address: string, blockNumber: number, args?: readonly unknown[]) => unknown;
  l2Blocks?: Map<string, { number: number; timestamp: number }>;
  store?: Map<string, unknown>;
} = {}): TestContext {
  const reads: TestContext['reads'] = [];
  const store = opts.store ?? new Map<string, unknown>();
  return {
    reads,
    store,
    async readContract<T>(a: { address: string; functionName: string; args?: readonly unknown[]; blockNumber: number }) {
      reads.push({ functionName: a.functionName, address: a.address, blockNumber: a.blockNumber, args: a.args });
      if (!opts.read) throw new Error(`unexpected contract read ${a.functionName} at block ${a.blockNumber}`);
      return opts.read(a.functionName, a.address, a.blockNumber, a.args) as T;
    },
    state: {
      async get<T>(key: string) { return store.get(key) as T | undefined; },
      async set(key: string, value: unknown) { store.set(key, structuredClone(value)); },
    },
    l2: opts.l2Blocks ? { getBlockByHash: async (h: Hex) => opts.l2Blocks!.get(h) ?? null } : undefined,
  } as TestContext;
}
