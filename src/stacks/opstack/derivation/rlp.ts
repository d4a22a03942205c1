/**
 * Minimal, zero-copy RLP for the derivation codec, with go-ethereum's canonical-form rules
 * (op-node decodes with go-ethereum/rlp, so "exactly like mainnet" means rejecting what it rejects):
 * a single byte < 0x80 must not be wrapped, long-form sizes must be >= 56 and have no leading zero,
 * integers have no leading zero bytes and 0 is the empty string.
 */
import { DerivationError } from './errors.ts';
import type { ByteWriter } from './bytes.ts';

/** One RLP item located in a buffer. Payload is buf[start, end); the item ends at `next`. */
export interface RlpItem {
  isList: boolean;
  start: number;
  end: number;
  next: number;
}

function readSize(buf: Uint8Array, pos: number, lenOfLen: number, limit: number, where: string): number {
  if (pos + lenOfLen > limit) {
    throw new DerivationError('RLP', 'truncated RLP size', { where, offset: pos, expected: `${lenOfLen} size bytes` });
  }
  if (buf[pos] === 0) {
    throw new DerivationError('RLP', 'non-canonical RLP size (leading zero)', { where, offset: pos });
  }
  let size = 0;
  for (let i = 0; i < lenOfLen; i++) size = size * 256 + buf[pos + i];
  if (size < 56) {
    throw new DerivationError('RLP', 'non-canonical RLP size (long form for < 56 bytes)', {
      where,
      offset: pos,
      actual: String(size),
    });
  }
  return size;
}

const scratch: RlpItem = { isList: false, start: 0, end: 0, next: 0 };

/** Reads the item header at `offset`; the whole item must lie within [offset, limit). */
export function readRlpItem(buf: Uint8Array, offset: number, limit: number, where: string): RlpItem {
  return parseItem(buf, offset, limit, where, { isList: false, start: 0, end: 0, next: 0 });
}

/**
 * As readRlpItem but returns a shared object, overwritten by the next peek: for hot loops that use
 * the fields immediately (no allocation per item).
 */
export function peekRlpItem(buf: Uint8Array, offset: number, limit: number, where: string): RlpItem {
  return parseItem(buf, offset, limit, where, scratch);
}

function parseItem(buf: Uint8Array, offset: number, limit: number, where: string, out: RlpItem): RlpItem {
  if (offset >= limit) {
    throw new DerivationError('RLP', 'missing RLP item', { where, offset });
  }
  const b = buf[offset];
  let isList = false;
  let start: number;
  let size: number;
  if (b < 0x80) {
    out.isList = false;
    out.start = offset;
    out.end = offset + 1;
    out.next = offset + 1;
    return out;
  } else if (b < 0xb8) {
    size = b - 0x80;
    start = offset + 1;
    if (size === 1 && start < limit && buf[start] < 0x80) {
      throw new DerivationError('RLP', 'non-canonical RLP size (single byte < 0x80 wrapped)', { where, offset });
    }
  } else if (b < 0xc0) {
    const lenOfLen = b - 0xb7;
    size = readSize(buf, offset + 1, lenOfLen, limit, where);
    start = offset + 1 + lenOfLen;
  } else if (b < 0xf8) {
    isList = true;
    size = b - 0xc0;
    start = offset + 1;
  } else {
    isList = true;
    const lenOfLen = b - 0xf7;
    size = readSize(buf, offset + 1, lenOfLen, limit, where);
    start = offset + 1 + lenOfLen;
  }
  const end = start + size;
  if (end > limit) {
    throw new DerivationError('RLP', 'RLP item exceeds available input', {
      where,
      offset,
      expected: `${size} payload bytes`,
      actual: `${Math.max(0, limit - start)} available`,
    });
  }
  out.isList = isList;
  out.start = start;
  out.end = end;
  out.next = end;
  return out;
}

/** Reads a string item (not a list). */
export function readRlpString(buf: Uint8Array, offset: number, limit: number, where: string): RlpItem {
  const item = readRlpItem(buf, offset, limit, where);
  if (item.isList) throw new DerivationError('RLP', 'expected RLP string, got list', { where, offset });
  return item;
}

/** Reads a list item. */
export function readRlpList(buf: Uint8Array, offset: number, limit: number, where: string): RlpItem {
  const item = readRlpItem(buf, offset, limit, where);
  if (!item.isList) throw new DerivationError('RLP', 'expected RLP list, got string', { where, offset });
  return item;
}

/** Decodes a canonical unsigned integer item of at most `maxBytes` bytes (8 for uint64, 32 for uint256). */
export function rlpUintBig(buf: Uint8Array, item: RlpItem, maxBytes: number, where: string, itemOffset: number): bigint {
  if (item.isList) throw new DerivationError('RLP', 'expected RLP integer, got list', { where, offset: itemOffset });
  const len = item.end - item.start;
  if (len === 0) return 0n;
  // A single byte < 0x80 is its own encoding; value 0 must be the empty string instead.
  if (buf[item.start] === 0) {
    throw new DerivationError('RLP', 'non-canonical RLP integer (leading zero)', { where, offset: itemOffset });
  }
  if (len > maxBytes) {
    throw new DerivationError('RLP', 'RLP integer too large', { where, offset: itemOffset, expected: `<= ${maxBytes} bytes`, actual: `${len} bytes` });
  }
  let v = 0n;
  for (let i = item.start; i < item.end; i++) v = (v << 8n) | BigInt(buf[i]);
  return v;
}

export function rlpUintNumber(buf: Uint8Array, item: RlpItem, where: string, itemOffset: number): number {
  const v = rlpUintBig(buf, item, 8, where, itemOffset);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DerivationError('INTEGER_RANGE', 'integer does not fit a safe integer', { where, offset: itemOffset, actual: v.toString() });
  }
  return Number(v);
}

// ---------------------------------------------------------------------------------------------
// Encoding

export function rlpStringHeaderLength(payload: Uint8Array): number {
  if (payload.length === 1 && payload[0] < 0x80) return 0;
  if (payload.length < 56) return 1;
  return 1 + byteLength(payload.length);
}

function byteLength(n: number): number {
  let l = 0;
  while (n > 0) {
    l++;
    n = Math.floor(n / 256);
  }
  return l;
}

function writeLength(w: ByteWriter, offsetShort: number, offsetLong: number, len: number): void {
  if (len < 56) {
    w.byte(offsetShort + len);
    return;
  }
  const l = byteLength(len);
  w.byte(offsetLong + l);
  for (let i = l - 1; i >= 0; i--) w.byte(Math.floor(len / 256 ** i) % 256);
}

export function writeRlpString(w: ByteWriter, payload: Uint8Array): void {
  if (payload.length === 1 && payload[0] < 0x80) {
    w.byte(payload[0]);
    return;
  }
  writeLength(w, 0x80, 0xb7, payload.length);
  w.bytes(payload);
}

export function writeRlpListHeader(w: ByteWriter, payloadLength: number): void {
  writeLength(w, 0xc0, 0xf7, payloadLength);
}

export function rlpListHeaderLength(payloadLength: number): number {
  return payloadLength < 56 ? 1 : 1 + byteLength(payloadLength);
}

/** Minimal big-endian bytes of a non-negative integer (0 => empty). */
export function uintBytes(v: number | bigint): Uint8Array {
  let big = typeof v === 'bigint' ? v : BigInt(v);
  if (big < 0n) throw new DerivationError('ENCODE', 'negative integer', { where: 'rlp.uint', actual: big.toString() });
  if (big === 0n) return new Uint8Array(0);
  const out: number[] = [];
  while (big > 0n) {
    out.push(Number(big & 0xffn));
    big >>= 8n;
  }
  return Uint8Array.from(out.reverse());
}

/** Strips leading zero bytes (a fixed-width big-endian integer to its minimal form). */
export function trimLeadingZeros(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  return b.subarray(i);
}
