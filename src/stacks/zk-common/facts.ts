/**
 * Helpers shared by the ZK stacks (zkSync, Scroll, Linea, Starknet): provenance of log-derived
 * rows, the one call site of event decoding, and hex/number conversions every decoder needs.
 */
import { createLogDecoder, type DecodedLog, type LogDecoder } from '../../chain/decode/index.ts';
import type { AbiEvent } from 'viem';
import type { Hex } from '../../rollups/types.ts';
import type { RawLog } from '../types.ts';

export { logProvenance, type Provenance } from '../provenance.ts';

/**
 * The one place events are decoded (the precompiled decoder of src/chain/decode). Malformed logs
 * throw its LogDecodeError, which names the event, its signature, the block, tx and log index.
 */
export function eventDecoder<const abi extends readonly AbiEvent[]>(events: abi): LogDecoder<abi> {
  return createLogDecoder(events);
}

export function decodeLog<const abi extends readonly AbiEvent[]>(decoder: LogDecoder<abi>, log: RawLog): DecodedLog<abi> | undefined {
  return decoder.tryDecode(log);
}

/** A uint256 as a 0x-prefixed 32-byte word (roots and felts are stored as hex). */
export function word(value: bigint): Hex {
  return `0x${value.toString(16).padStart(64, '0')}`;
}

/** A JS number from a bigint that must fit (block numbers, timestamps); throws naming what overflowed. */
export function toSafeNumber(value: bigint, what: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${what} = ${value} does not fit a safe integer`);
  return Number(value);
}

/** Event logs in a stable order: by block, then log index (the engine sorts too; decoders rely on it). */
export function byLogOrder(a: RawLog, b: RawLog): number {
  return a.blockNumber - b.blockNumber || a.logIndex - b.logIndex;
}

/** Logs grouped by transaction, each group in log order. */
export function groupByTransaction(logs: readonly RawLog[]): Map<Hex, RawLog[]> {
  const out = new Map<Hex, RawLog[]>();
  for (const log of [...logs].sort(byLogOrder)) {
    const key = log.transactionHash.toLowerCase() as Hex;
    const list = out.get(key) ?? [];
    list.push(log);
    out.set(key, list);
  }
  return out;
}
