import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBlob, encodeBlob } from './blob.ts';
import { DerivationError } from './errors.ts';
import { BLOB_SIZE, MAX_BLOB_DATA_SIZE } from './params.ts';

/** A blob whose first bytes are `prefix` and the rest zero. */
function blobWith(prefix: number[]): Uint8Array {
  const b = new Uint8Array(BLOB_SIZE);
  b.set(prefix);
  return b;
}

function expectCode(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DerivationError);
    expect((e as DerivationError).code).toBe(code);
    return e as DerivationError;
  }
  throw new Error(`expected ${code}`);
}

describe('blob encoding (op-service/eth/blob.go vectors, re-expressed)', () => {
  it('decodes hand-made blobs: empty, one byte, full capacity', () => {
    expect(decodeBlob(blobWith([])).length).toBe(0);
    expect([...decodeBlob(blobWith([0, 0, 0, 0, 1]))]).toEqual([0]);
    const full = decodeBlob(blobWith([0, 0, 0x01, 0xfb, 0xfc]));
    expect(full.length).toBe(130044);
    expect(full.every((x) => x === 0)).toBe(true);
    expect([...decodeBlob(blobWith([0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff]))]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff]);
  });

  it('encodes 27 and 28 0xff bytes exactly as op-batcher (high bits spill into byte 0 and element 1)', () => {
    const ff27 = encodeBlob(new Uint8Array(27).fill(0xff));
    expect([...ff27.subarray(0, 32)]).toEqual([0, 0, 0, 0, 0x1b, ...new Array(27).fill(0xff)]);
    expect(ff27.subarray(32).every((x) => x === 0)).toBe(true);

    const ff28 = encodeBlob(new Uint8Array(28).fill(0xff));
    expect([...ff28.subarray(0, 33)]).toEqual([0x3f, 0, 0, 0, 0x1c, ...new Array(27).fill(0xff), 0x30]);
    expect(ff28.subarray(33).every((x) => x === 0)).toBe(true);
    expect([...decodeBlob(ff28)]).toEqual(new Array(28).fill(0xff));
  });

  it('max input encodes its length 0x01fbfc and round-trips; one more byte is refused', () => {
    const max = new Uint8Array(MAX_BLOB_DATA_SIZE);
    expect([...encodeBlob(max).subarray(0, 5)]).toEqual([0, 0, 0x01, 0xfb, 0xfc]);
    expectCode(() => encodeBlob(new Uint8Array(MAX_BLOB_DATA_SIZE + 1)), 'BLOB_INPUT_TOO_LARGE');
  });

  it('round-trips random data at round and field-element boundaries', () => {
    const big = new Uint8Array(randomBytes(MAX_BLOB_DATA_SIZE));
    const sizes = [0, 1, 26, 27, 28, 31, 32, 123, 124, 127, 128, 27 + 31 * 3, 254, 255, 1000, 65536, MAX_BLOB_DATA_SIZE - 1, MAX_BLOB_DATA_SIZE];
    for (const n of sizes) {
      const data = big.subarray(MAX_BLOB_DATA_SIZE - n);
      const blob = encodeBlob(data);
      expect(blob.length).toBe(BLOB_SIZE);
      expect(Buffer.from(decodeBlob(blob)).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('produces canonical field elements (accepted by c-kzg)', () => {
    const require = createRequire(import.meta.url);
    const kzg = require('c-kzg') as { loadTrustedSetup(precompute: number): void; blobToKzgCommitment(blob: Uint8Array): Uint8Array };
    try {
      kzg.loadTrustedSetup(0);
    } catch {
      // already loaded in this process
    }
    const blob = encodeBlob(new Uint8Array(randomBytes(MAX_BLOB_DATA_SIZE)).fill(0xff, 0, 5000));
    expect(kzg.blobToKzgCommitment(blob).length).toBe(48);
  });

  it('rejects a wrong size, version, length, high bits and extraneous data with clear errors', () => {
    expectCode(() => decodeBlob(new Uint8Array(100)), 'BLOB_SIZE');
    const ok = encodeBlob(new TextEncoder().encode('this is a test of invalid blob decoding'));

    const highBit = ok.slice();
    highBit[32] = 0b1000_0000;
    const e1 = expectCode(() => decodeBlob(highBit), 'BLOB_FIELD_ELEMENT');
    expect(e1.where).toBe('blob.field_element[1]');
    const secondBit = ok.slice();
    secondBit[32] = 0b0100_0000;
    expectCode(() => decodeBlob(secondBit), 'BLOB_FIELD_ELEMENT');
    const lastElement = ok.slice();
    lastElement[BLOB_SIZE - 32] = 0x40;
    expectCode(() => decodeBlob(lastElement), 'BLOB_FIELD_ELEMENT');

    const version = ok.slice();
    version[1] = 1;
    expect(expectCode(() => decodeBlob(version), 'BLOB_VERSION').message).toMatch(/expected 0, got 1/);

    expectCode(() => decodeBlob(blobWith([0, 0, 0x01, 0xfb, 0xfd])), 'BLOB_LENGTH');

    // Zero length but non-zero bits in the first element's top byte / after the length.
    expectCode(() => decodeBlob(blobWith([0x30, 0, 0, 0, 0])), 'BLOB_EXTRANEOUS_DATA');
    expectCode(() => decodeBlob(blobWith([0x01, 0, 0, 0, 0])), 'BLOB_EXTRANEOUS_DATA');
    for (const pos of [5, 31, 33, 127, 128, 129, 4000, BLOB_SIZE - 1]) {
      const b = blobWith([0, 0, 0, 0, 0]);
      b[pos] = 1;
      expectCode(() => decodeBlob(b), 'BLOB_EXTRANEOUS_DATA');
    }
    const tail = ok.slice();
    tail[200] = 7; // past the 39 data bytes
    expectCode(() => decodeBlob(tail), 'BLOB_EXTRANEOUS_DATA');
  });

  it('detects any single bit flip (bijective encoding)', () => {
    const data = new Uint8Array(randomBytes(3000));
    const blob = encodeBlob(data);
    for (let i = 0; i < 200; i++) {
      const pos = Math.floor(Math.random() * BLOB_SIZE);
      const flipped = blob.slice();
      flipped[pos] ^= 1 << Math.floor(Math.random() * 8);
      let decoded: Uint8Array | undefined;
      try {
        decoded = decodeBlob(flipped);
      } catch {
        continue;
      }
      expect(Buffer.from(decoded).equals(Buffer.from(data))).toBe(false);
    }
  });
});
