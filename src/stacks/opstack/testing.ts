/**
 * Builders of mainnet-shaped inputs for the OP Stack decoder tests: logs encoded with viem from the
 * reference ABIs, transactions, source batches, and a DecodeContext whose contract reads and
 * decoder state are in-memory tables (the decoders' only I/O).
 */
import { ContractFunctionExecutionError, ContractFunctionRevertedError, encodeAbiParameters, encodeEventTopics, keccak256, type Abi, type AbiEvent, type Hex } from 'viem';
import type { Address } from '../../rollups/types.ts';
import type { DecodeContext, RawLog, RawTransaction, Source, SourceBatch } from '../types.ts';
import type { DecodeIssue } from './rows.ts';

let counter = 0;
/** A distinct, deterministic 32-byte hash per call (tx hashes, roots). */
export const fakeHash = (label: string): Hex => keccak256(`0x${Buffer.from(`${label}:${counter++}`).toString('hex')}`);
export const blockHashOf = (n: number): Hex => keccak256(`0x${n.toString(16).padStart(16, '0')}`);
export const blockTimeOf = (n: number) => 1_700_000_000 + n * 12;

export interface LogAt {
  address: Address;
  blockNumber: number;
  transactionHash: Hex;
  transactionIndex?: number;
  logIndex: number;
}

/** A RawLog of `event` with named `args`, encoded as the EVM would. */
export function encodeLog(event: AbiEvent, args: Record<string, unknown>, at: LogAt): RawLog {
  const indexed = Object.fromEntries(event.inputs.filter((i) => i.indexed).map((i) => [i.name!, args[i.name!]]));
  const topics = encodeEventTopics({ abi: [event], eventName: event.name, args: indexed } as never) as Hex[];
  const plain = event.inputs.filter((i) => !i.indexed);
  const data = plain.length > 0 ? encodeAbiParameters(plain, plain.map((i) => args[i.name!])) : '0x';
  return {
    address: at.address.toLowerCase() as Address,
    topics,
    data,
    blockNumber: at.blockNumber,
    blockHash: blockHashOf(at.blockNumber),
    blockTime: blockTimeOf(at.blockNumber),
    transactionHash: at.transactionHash,
    transactionIndex: at.transactionIndex ?? 0,
    logIndex: at.logIndex,
  };
}

export function makeTx(fields: Partial<RawTransaction> & Pick<RawTransaction, 'hash' | 'from' | 'to' | 'blockNumber'>): RawTransaction {
  return {
    blockHash: blockHashOf(fields.blockNumber),
    blockTime: blockTimeOf(fields.blockNumber),
    transactionIndex: 0,
    type: '0x2',
    value: 0n,
    input: '0x',
    ...fields,
    from: fields.from.toLowerCase() as Address,
    to: fields.to ? (fields.to.toLowerCase() as Address) : null,
  };
}

export function sourceBatch(source: Source, logs: RawLog[], txs: RawTransaction[] = [], range?: { fromBlock: number; toBlock: number }): SourceBatch {
  const blocks = [...logs.map((l) => l.blockNumber), ...txs.map((t) => t.blockNumber)];
  return {
    source,
    fromBlock: range?.fromBlock ?? Math.min(...blocks),
    toBlock: range?.toBlock ?? Math.max(...blocks),
    logs: [...logs].sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex),
    transactions: new Map(txs.map((t) => [t.hash, t])),
  };
}

export interface TestContext extends DecodeContext {
  reads: { functionName: string; address: string; blockNumber: number; args?: readonly unknown[] }[];
  store: Map<string, unknown>;
}

/** A revert as viem's readContract reports it (what readOptional treats as "no such value"). */
export function revert(functionName: string, abi: Abi): Error {
  return new ContractFunctionExecutionError(new ContractFunctionRevertedError({ abi, functionName }), { abi, functionName });
}

/**
 * A DecodeContext over in-memory tables: `read(functionName, address, block, args)` answers
 * contract reads (throw `revert(...)` to simulate a missing function), `store` is the decoder state
 * (values round-trip through JSON as the engine's jsonb does).
 */
export function testContext(opts: { read?: (functionName: string, address: string, blockNumber: number, args?: readonly unknown[]) => unknown; store?: Map<string, unknown> } = {}): TestContext {
  const reads: TestContext['reads'] = [];
  const store = opts.store ?? new Map<string, unknown>();
  return {
    reads,
    store,
    async readContract<T>(a: { address: Address; abi: readonly unknown[]; functionName: string; args?: readonly unknown[]; blockNumber: number }) {
      reads.push({ functionName: a.functionName, address: a.address.toLowerCase(), blockNumber: a.blockNumber, args: a.args });
      if (!opts.read) throw revert(a.functionName, a.abi as Abi);
      return opts.read(a.functionName, a.address.toLowerCase(), a.blockNumber, a.args) as T;
    },
    state: {
      async get<T>(key: string) {
        const v = store.get(key);
        return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as T);
      },
      async set(key: string, value: unknown) {
        store.set(key, JSON.parse(JSON.stringify(value)));
      },
    },
  };
}

/** Collects decode issues. */
export function issueCollector(): { issues: DecodeIssue[]; sink: (i: DecodeIssue) => void } {
  const issues: DecodeIssue[] = [];
  return { issues, sink: (i) => issues.push(i) };
}
