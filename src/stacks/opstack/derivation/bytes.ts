/**
 * Byte-level helpers shared by the derivation codec: a cursor over a Uint8Array (zero-copy reads
 * via subarray), a growable writer, protobuf-style uvarints (as Go's encoding/binary) and hex.
 */
import { bytesToHex, hexToBytes, type Hex } from 'viem';
import { DerivationError } from './errors.ts';

export type { Hex };
export type BytesLike = Uint8Array | Hex;

export function toBytes(input: BytesLike): Uint8Array {
  return typeof input === 'string' ? hexToBytes(input) : input;
}

export function toHex(bytes: Uint8Array): Hex {
  return bytesToHex(bytes);
}

/** A read cursor. Invariant: 0 <= pos <= end <= buf.length. */
export interface ByteReader {
  buf: Uint8Array;
  pos: number;
  end: number;
}

export function createReader(buf: Uint8Array, start = 0, end = buf.length): ByteReader {
  return { buf, pos: start, end };
}

export function remaining(r: ByteReader): number {
  return r.end - r.pos;
}

export function readByte(r: ByteReader, where: string): number {
  if (r.pos >= r.end) {
    throw new DerivationError('FRAME_TRUNCATED', 'unexpected end of data', {
      where,
      offset: r.pos,
      expected: '1 more byte',
      actual: '0',
    });
  }
  return r.buf[r.pos++];
}

/** Returns a view (no copy) of the next n bytes. */
export function readBytes(r: ByteReader, n: number, where: string, code: 'FRAME_TRUNCATED' | 'SPAN_BATCH' = 'FRAME_TRUNCATED'): Uint8Array {
  if (r.end - r.pos < n) {
    throw new DerivationError(code, 'unexpected end of data', {
      where,
      offset: r.pos,
      expected: `${n} bytes`,
      actual: `${r.end - r.pos} bytes left`,
    });
  }
  const out = r.buf.subarray(r.pos, r.pos + n);
  r.pos += n;
  return out;
}

/** The input ended before the varint did (at its `i`-th byte). */
function varintEnded(r: ByteReader, i: number, where: string): DerivationError {
  return new DerivationError('VARINT', i === 0 ? 'missing uvarint' : 'truncated uvarint', { where, offset: r.pos });
}

/** The varint needs more than 64 bits (Go's binary.ReadUvarint limit). */
function varintOverflow(r: ByteReader, where: string): DerivationError {
  return new DerivationError('VARINT', 'uvarint overflows 64 bits', { where, offset: r.pos - 1 });
}

/**
 * Reads an unsigned LEB128 varint with Go's binary.ReadUvarint rules: at most 10 bytes, the 10th
 * byte at most 1 (64-bit overflow), non-minimal encodings accepted.
 */
export function readUvarintBig(r: ByteReader, where: string): bigint {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (r.pos >= r.end) {
      throw varintEnded(r, i, where);
    }
    const b = r.buf[r.pos++];
    if (b < 0x80) {
      if (i === 9 && b > 1) {
        throw varintOverflow(r, where);
      }
      return result | (BigInt(b) << shift);
    }
    result |= BigInt(b & 0x7f) << shift;
    shift += 7n;
  }
  throw varintOverflow(r, where);
}

/** As readUvarintBig, but returns a number and rejects values above Number.MAX_SAFE_INTEGER. */
export function readUvarint(r: ByteReader, where: string): number {
  const start = r.pos;
  let result = 0;
  let mul = 1;
  // Fast path: 7 groups (49 bits) cannot exceed 2^53.
  for (let i = 0; i < 7; i++) {
    if (r.pos >= r.end) {
      throw varintEnded(r, i, where);
    }
    const b = r.buf[r.pos++];
    result += (b & 0x7f) * mul;
    if (b < 0x80) return result;
    mul *= 128;
  }
  r.pos = start;
  const big = readUvarintBig(r, where);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DerivationError('INTEGER_RANGE', 'uvarint does not fit a safe integer', {
      where,
      offset: start,
      expected: `<= ${Number.MAX_SAFE_INTEGER}`,
      actual: big.toString(),
    });
  }
  return Number(big);
}

export function skipUvarint(r: ByteReader, where: string): void {
  for (let i = 0; i < 10; i++) {
    if (r.pos >= r.end) {
      throw varintEnded(r, i, where);
    }
    const b = r.buf[r.pos++];
    if (b < 0x80) {
      if (i === 9 && b > 1) {
        throw varintOverflow(r, where);
      }
      return;
    }
  }
  throw varintOverflow(r, where);
}

/** Growable output buffer. */
export interface ByteWriter {
  byte(b: number): void;
  bytes(b: Uint8Array): void;
  u16be(v: number): void;
  u32be(v: number): void;
  uvarint(v: number | bigint): void;
  readonly length: number;
  /** A view of the written bytes; the writer must not be used afterwards. */
  finish(): Uint8Array;
}

export function createWriter(initialCapacity = 1024): ByteWriter {
  let buf = new Uint8Array(Math.max(16, initialCapacity));
  let len = 0;
  const ensure = (extra: number) => {
    if (len + extra <= buf.length) return;
    let cap = buf.length * 2;
    while (cap < len + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(buf.subarray(0, len));
    buf = next;
  };
  return {
    byte(b) {
      ensure(1);
      buf[len++] = b;
    },
    bytes(b) {
      ensure(b.length);
      buf.set(b, len);
      len += b.length;
    },
    u16be(v) {
      ensure(2);
      buf[len++] = (v >>> 8) & 0xff;
      buf[len++] = v & 0xff;
    },
    u32be(v) {
      ensure(4);
      buf[len++] = (v >>> 24) & 0xff;
      buf[len++] = (v >>> 16) & 0xff;
      buf[len++] = (v >>> 8) & 0xff;
      buf[len++] = v & 0xff;
    },
    uvarint(v) {
      ensure(10);
      if (typeof v === 'number') {
        if (!Number.isSafeInteger(v) || v < 0) {
          throw new DerivationError('ENCODE', 'uvarint value must be a non-negative safe integer', {
            where: 'uvarint',
            actual: String(v),
          });
        }
        while (v >= 0x80) {
          buf[len++] = (v % 128) | 0x80;
          v = Math.floor(v / 128);
        }
        buf[len++] = v;
        return;
      }
      if (v < 0n || v >= 1n << 64n) {
        throw new DerivationError('ENCODE', 'uvarint value must be a uint64', { where: 'uvarint', actual: v.toString() });
      }
      while (v >= 0x80n) {
        buf[len++] = Number(v & 0x7fn) | 0x80;
        v >>= 7n;
      }
      buf[len++] = Number(v);
    },
    get length() {
      return len;
    },
    finish() {
      return buf.subarray(0, len);
    },
  };
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
