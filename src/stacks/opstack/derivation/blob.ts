/**
 * OP Stack blob encoding (ecotone/derivation.md "Blob Encoding", op-service/eth/blob.go).
 *
 * A blob is 4096 field elements of 32 bytes. Each round of 4 field elements carries 127 bytes of
 * rollup data: each element holds 31 data bytes in its low bytes and 6 bits in its top byte (the
 * two highest bits stay 0 so the element is below the BLS modulus); the four 6-bit chunks
 * reassemble 3 more bytes (x, y, z). The first 4 data bytes of round 0 are version (0) and the
 * big-endian uint24 length.
 *
 * Viewing the 1024 rounds as one 130048-byte stream S = [version, len(3), data, zero padding],
 * round r occupies S[127r, 127r+127): tailA = S[+0,+31), x = S[+31], tailB = S[+32,+63),
 * y = S[+63], tailC = S[+64,+95), z = S[+95], tailD = S[+96,+127).
 */
import { DerivationError } from './errors.ts';
import { BLOB_ROUNDS, BLOB_SIZE, MAX_BLOB_DATA_SIZE } from './params.ts';

const STREAM_SIZE = BLOB_ROUNDS * 127;

/** Encodes up to 130044 bytes into one 131072-byte blob (byte-identical to op-batcher's encoding). */
export function encodeBlob(data: Uint8Array): Uint8Array {
  if (data.length > MAX_BLOB_DATA_SIZE) {
    throw new DerivationError('BLOB_INPUT_TOO_LARGE', 'too much data for one blob', {
      where: 'blob.encode',
      expected: `<= ${MAX_BLOB_DATA_SIZE} bytes`,
      actual: `${data.length} bytes`,
    });
  }
  const s = new Uint8Array(STREAM_SIZE);
  s[1] = (data.length >>> 16) & 0xff;
  s[2] = (data.length >>> 8) & 0xff;
  s[3] = data.length & 0xff;
  s.set(data, 4);

  const blob = new Uint8Array(BLOB_SIZE);
  // Rounds past the data are all zero in both S and the blob, so we can stop early.
  const usedRounds = Math.ceil((4 + data.length) / 127);
  for (let r = 0; r < usedRounds; r++) {
    const sb = r * 127;
    const bb = r * 128;
    const x = s[sb + 31];
    const y = s[sb + 63];
    const z = s[sb + 95];
    blob[bb] = x & 0x3f;
    blob.set(s.subarray(sb, sb + 31), bb + 1);
    blob[bb + 32] = (y & 0x0f) | ((x & 0xc0) >>> 2);
    blob.set(s.subarray(sb + 32, sb + 63), bb + 33);
    blob[bb + 64] = z & 0x3f;
    blob.set(s.subarray(sb + 64, sb + 95), bb + 65);
    blob[bb + 96] = ((z & 0xc0) >>> 2) | ((y & 0xf0) >>> 4);
    blob.set(s.subarray(sb + 96, sb + 127), bb + 97);
  }
  return blob;
}

/**
 * Decodes a blob into its rollup data. Strict, as the spec requires for a bijective encoding:
 * version byte 0, length <= 130044, the top two bits of every field element 0, and every data bit
 * past the length 0. Any violation throws (the blob must then be ignored by derivation).
 *
 * Note: op-node does not check the top bits of field element 0 (the KZG modulus bounds them);
 * this decoder follows the spec and checks all 4096 elements.
 */
export function decodeBlob(blob: Uint8Array): Uint8Array {
  if (blob.length !== BLOB_SIZE) {
    throw new DerivationError('BLOB_SIZE', 'blob has wrong size', {
      where: 'blob',
      expected: `${BLOB_SIZE} bytes`,
      actual: `${blob.length} bytes`,
    });
  }
  if (blob[1] !== 0) {
    throw new DerivationError('BLOB_VERSION', 'unknown blob encoding version', {
      where: 'blob.version',
      offset: 1,
      expected: '0',
      actual: String(blob[1]),
    });
  }
  const length = (blob[2] << 16) | (blob[3] << 8) | blob[4];
  if (length > MAX_BLOB_DATA_SIZE) {
    throw new DerivationError('BLOB_LENGTH', 'blob length prefix exceeds capacity', {
      where: 'blob.length',
      offset: 2,
      expected: `<= ${MAX_BLOB_DATA_SIZE}`,
      actual: String(length),
    });
  }
  for (let fe = 0; fe < 4096; fe++) {
    if (blob[fe * 32] & 0xc0) {
      throw new DerivationError('BLOB_FIELD_ELEMENT', 'field element has its top two bits set', {
        where: `blob.field_element[${fe}]`,
        offset: fe * 32,
        expected: 'top byte < 0x40',
        actual: `0x${blob[fe * 32].toString(16)}`,
      });
    }
  }
  const s = new Uint8Array(STREAM_SIZE);
  for (let r = 0; r < BLOB_ROUNDS; r++) {
    const sb = r * 127;
    const bb = r * 128;
    const a = blob[bb];
    const b = blob[bb + 32];
    const c = blob[bb + 64];
    const d = blob[bb + 96];
    s.set(blob.subarray(bb + 1, bb + 32), sb);
    s[sb + 31] = (a & 0x3f) | ((b & 0x30) << 2);
    s.set(blob.subarray(bb + 33, bb + 64), sb + 32);
    s[sb + 63] = (b & 0x0f) | ((d & 0x0f) << 4);
    s.set(blob.subarray(bb + 65, bb + 96), sb + 64);
    s[sb + 95] = (c & 0x3f) | ((d & 0x30) << 2);
    s.set(blob.subarray(bb + 97, bb + 128), sb + 96);
  }
  const dataEnd = 4 + length;
  for (let i = dataEnd; i < STREAM_SIZE; i++) {
    if (s[i] !== 0) {
      const round = Math.floor(i / 127);
      throw new DerivationError('BLOB_EXTRANEOUS_DATA', 'non-zero data after the encoded length', {
        where: `blob.round[${round}]`,
        offset: round * 128,
        expected: `zero bytes after data byte ${length}`,
        actual: `non-zero data byte ${i - 4}`,
      });
    }
  }
  return s.subarray(4, dataEnd);
}
