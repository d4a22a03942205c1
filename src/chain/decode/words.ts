/**
 * Readers of ABI words straight from a lowercase 0x-hex string, by character position
 * (position p = 2 + 64·wordIndex for a log's data). No bytes conversion, BigInt only for types wider
 * than 48 bits — the same number/bigint split and the same validity rules as viem's
 * decodeAbiParameters, so compiled decoders return exactly what viem returns.
 *
 * Invariant for callers: a static read at p requires p + 64 <= d.length (compiled decoders check
 * the whole static head once); dynamic readers check their own offsets and lengths.
 */
import { checksumAddress, decodeAbiParameters, type AbiParameter } from 'viem';
import { DataBoundsError } from './errors.ts';

const Z = '0'.repeat(64);
const Z50 = Z.slice(0, 50);
const Z51 = Z.slice(0, 51);
const Z62 = Z.slice(0, 62);
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** One word holding 0x20: the head of a single dynamic value whose tail starts right after it. */
const OFFSET_ONE_WORD = '0'.repeat(62) + '20';

/** uint8…uint48: a number; anything not a safe integer throws (as viem's hexToNumber). */
export function readSmallUint(d: string, p: number): number {
  if (!d.startsWith(Z50, p)) throw new DataBoundsError('integer word exceeds the safe integer range', '< 2^53', `0x${d.slice(p, p + 64)}`);
  const v = parseInt(d.slice(p + 50, p + 64), 16);
  if (v > MAX_SAFE) throw new DataBoundsError('integer word exceeds the safe integer range', '< 2^53', `0x${d.slice(p, p + 64)}`);
  return v;
}

/** uint56…uint256: a bigint. Words under 2^52 skip the string BigInt parse. */
export function readBigUint(d: string, p: number): bigint {
  if (d.startsWith(Z51, p)) return BigInt(parseInt(d.slice(p + 51, p + 64), 16));
  return BigInt('0x' + d.slice(p, p + 64));
}

/** int56…int256: two's complement over the full word (viem reads all 32 bytes). */
export function readBigInt(d: string, p: number): bigint {
  return BigInt.asIntN(256, BigInt('0x' + d.slice(p, p + 64)));
}

/** int8…int48: a number; out-of-safe-range words throw. */
export function readSmallInt(d: string, p: number): number {
  const v = readBigInt(d, p);
  if (v > BigInt(MAX_SAFE) || v < -BigInt(MAX_SAFE)) throw new DataBoundsError('integer word exceeds the safe integer range', '|v| < 2^53', `${v}`);
  return Number(v);
}

/** The low 20 bytes, lowercase (the high 12 bytes are ignored, as viem does). */
export function readAddress(d: string, p: number): `0x${string}` {
  return `0x${d.slice(p + 24, p + 64)}`;
}

export function readChecksumAddress(d: string, p: number): `0x${string}` {
  return checksumAddress(`0x${d.slice(p + 24, p + 64)}`);
}

/** 0 or 1 only; anything else is invalid (viem InvalidBytesBooleanError). */
export function readBool(d: string, p: number): boolean {
  if (d.startsWith(Z62, p) && d.charCodeAt(p + 62) === 48) {
    const c = d.charCodeAt(p + 63);
    if (c === 48) return false;
    if (c === 49) return true;
  }
  throw new DataBoundsError('invalid boolean word', '0 or 1', `0x${d.slice(p, p + 64)}`);
}

/** A word at p that must be followed by `words` more words inside d. */
function requireWords(d: string, p: number, words: number, what: string): void {
  if (p + 64 * words > d.length) {
    throw new DataBoundsError(`${what} lies outside the data`, `${(p - 2 + 64 * words) / 2} bytes`, `${(d.length - 2) / 2} bytes`);
  }
}

/** Absolute character position of a dynamic value's tail, from its head word at `head` (offsets count from `base`). */
function tailPosition(d: string, base: number, head: number): number {
  const start = base + 2 * readSmallUint(d, head);
  requireWords(d, start, 1, 'dynamic value length word');
  return start;
}

/** Dynamic `bytes` (no padding required after the last byte, as viem). */
export function readDynamicBytes(d: string, base: number, head: number): `0x${string}` {
  const start = tailPosition(d, base, head);
  const len = readSmallUint(d, start);
  if (len === 0) return '0x';
  const end = start + 64 + 2 * len;
  if (end > d.length) throw new DataBoundsError(`bytes of length ${len} lie outside the data`, `${(end - 2) / 2} bytes`, `${(d.length - 2) / 2} bytes`);
  return `0x${d.slice(start + 64, end)}`;
}

export type WordReader = (d: string, p: number) => unknown;

/** Dynamic array T[] of one-word elementary elements. */
export function readDynamicArray(d: string, base: number, head: number, read: WordReader): unknown[] {
  const start = tailPosition(d, base, head);
  const len = readSmallUint(d, start);
  requireWords(d, start + 64, len, `array of ${len} elements`);
  const out = new Array(len);
  for (let i = 0, p = start + 64; i < len; i++, p += 64) out[i] = read(d, p);
  return out;
}

/** Any other dynamic value: re-based so its tail starts at byte 32, then decoded by viem. */
export function readDynamicWithViem(d: string, base: number, head: number, param: AbiParameter, lower: boolean): unknown {
  const start = base + 2 * readSmallUint(d, head);
  if (start > d.length) throw new DataBoundsError('dynamic value offset lies outside the data', `<= ${(d.length - 2) / 2}`, `${(start - 2) / 2}`);
  return decodeWithViem(`0x${OFFSET_ONE_WORD}${d.slice(start)}`, param, lower);
}

/** A static value too large to inline (e.g. uint256[100]). */
export function readStaticWithViem(d: string, p: number, words: number, param: AbiParameter, lower: boolean): unknown {
  return decodeWithViem(`0x${d.slice(p, p + 64 * words)}`, param, lower);
}

function decodeWithViem(data: `0x${string}`, param: AbiParameter, lower: boolean): unknown {
  let value: unknown;
  try {
    [value] = decodeAbiParameters([param], data);
  } catch (err) {
    throw new DataBoundsError(`viem could not decode ${param.type}: ${(err as Error).message.split('\n')[0]}`);
  }
  return lower ? lowercaseAddresses(value, param) : value;
}

/** viem returns checksummed addresses; the lowercase mode turns them back, following the param's type. */
export function lowercaseAddresses(value: unknown, param: AbiParameter): unknown {
  const type = param.type;
  const array = /^(.*)\[(\d*)\]$/.exec(type);
  if (array) {
    const inner = { ...param, type: array[1]! } as AbiParameter;
    return (value as unknown[]).map((v) => lowercaseAddresses(v, inner));
  }
  if (type === 'address') return (value as string).toLowerCase();
  if (type === 'tuple') {
    const components = (param as { components: readonly AbiParameter[] }).components;
    if (Array.isArray(value)) return value.map((v, i) => lowercaseAddresses(v, components[i]!));
    const out: Record<string, unknown> = {};
    for (const c of components) out[c.name!] = lowercaseAddresses((value as Record<string, unknown>)[c.name!], c);
    return out;
  }
  return value;
}
