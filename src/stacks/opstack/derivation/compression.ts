/**
 * Channel compression (derivation.md "Channel Format", fjord brotli):
 * - zlib (RFC 1950): first byte & 0x0F is 8 or 15 (CM field);
 * - brotli (Fjord): version byte 0x01, then a brotli stream.
 *
 * Decompression mirrors op-node's reader: at most `maxBytes` of output are used (the RLP reader's
 * input limit), and an unterminated or corrupt stream yields the bytes produced before the fault
 * (batches fully inside them are still derived). The synchronous fast path covers normal data; a
 * streaming path handles truncated, corrupt and oversized streams exactly.
 */
import zlib from 'node:zlib';
import { DerivationError } from './errors.ts';
import { CHANNEL_VERSION_BROTLI } from './params.ts';

export type ChannelCompression = 'zlib' | 'brotli';

export interface DecompressedChannel {
  compression: ChannelCompression;
  /** Decompressed bytes, at most maxBytes. */
  bytes: Uint8Array;
  /** The compressed stream ended properly (checksum included) within the limit. */
  complete: boolean;
  /** Output reached maxBytes and was cut there. */
  cutAtLimit: boolean;
  /** Decompressor error (truncated or corrupt stream); bytes before it are kept. */
  error?: DerivationError;
}

export function detectCompression(data: Uint8Array): ChannelCompression {
  if (data.length === 0) {
    throw new DerivationError('CHANNEL_COMPRESSION', 'empty channel', { where: 'channel.compression', expected: 'at least 1 byte' });
  }
  const b = data[0];
  if ((b & 0x0f) === 8 || (b & 0x0f) === 15) return 'zlib';
  if (b === CHANNEL_VERSION_BROTLI) return 'brotli';
  throw new DerivationError('CHANNEL_COMPRESSION', 'cannot tell the compression algorithm', {
    where: 'channel.compression',
    offset: 0,
    expected: 'zlib header (low nibble 8 or 15) or brotli version byte 0x01',
    actual: `0x${b.toString(16).padStart(2, '0')}`,
  });
}

function decompressionError(e: unknown, compression: ChannelCompression): DerivationError {
  return new DerivationError('CHANNEL_DECOMPRESSION', `${compression} stream error: ${(e as Error)?.message ?? String(e)}`, {
    where: 'channel.data',
    cause: e,
  });
}

export async function decompressChannel(
  data: Uint8Array,
  options: { maxBytes: number; allowBrotli?: boolean },
): Promise<DecompressedChannel> {
  const compression = detectCompression(data);
  if (compression === 'brotli' && options.allowBrotli === false) {
    throw new DerivationError('CHANNEL_COMPRESSION', 'brotli channel before Fjord', {
      where: 'channel.compression',
      offset: 0,
      expected: 'zlib before Fjord',
      actual: 'brotli',
    });
  }
  const input = compression === 'brotli' ? data.subarray(1) : data;
  try {
    const out =
      compression === 'zlib'
        ? zlib.inflateSync(input, { maxOutputLength: Math.max(1, options.maxBytes) })
        : zlib.brotliDecompressSync(input, { maxOutputLength: Math.max(1, options.maxBytes) });
    if (out.length <= options.maxBytes) {
      return { compression, bytes: new Uint8Array(out.buffer, out.byteOffset, out.length), complete: true, cutAtLimit: false };
    }
  } catch {
    // Truncated, corrupt or over the limit: take the exact streaming path below.
  }
  const streamed = await streamDecompress(compression, input, options.maxBytes);
  if (streamed.error && compression === 'zlib' && !streamed.cutAtLimit) {
    // A data error discards the output of the inflate call that hit it; recover every byte
    // decodable before the fault (as Go's reader returns) from the longest prefix that inflates.
    const prefix = longestInflatablePrefix(input, options.maxBytes);
    if (prefix && prefix.length > streamed.bytes.length) {
      return { ...streamed, bytes: prefix.subarray(0, options.maxBytes), cutAtLimit: prefix.length > options.maxBytes };
    }
  }
  return streamed;
}

/** Output of the longest input prefix that inflates without error, treated as a cut stream. */
function longestInflatablePrefix(input: Uint8Array, maxBytes: number): Uint8Array | undefined {
  const attempt = (k: number): Uint8Array | undefined => {
    try {
      const out = zlib.inflateSync(input.subarray(0, k), { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: maxBytes + 1 });
      return new Uint8Array(out.buffer, out.byteOffset, out.length);
    } catch (e) {
      // Too much output means the prefix itself decodes fine.
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return new Uint8Array(maxBytes + 1);
      return undefined;
    }
  };
  let lo = 0;
  let hi = input.length;
  let best: Uint8Array | undefined;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const out = attempt(mid);
    if (out) {
      lo = mid;
      best = out;
    } else {
      hi = mid - 1;
    }
  }
  return best && best.length > maxBytes ? undefined : best;
}

function streamDecompress(compression: ChannelCompression, input: Uint8Array, maxBytes: number): Promise<DecompressedChannel> {
  return new Promise((resolve) => {
    const stream =
      compression === 'zlib'
        ? zlib.createInflate({ chunkSize: 64 * 1024 })
        : zlib.createBrotliDecompress({ chunkSize: 64 * 1024 });
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const finish = (complete: boolean, cutAtLimit: boolean, error?: DerivationError) => {
      if (settled) return;
      settled = true;
      const bytes = Buffer.concat(chunks, total);
      resolve({ compression, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), complete, cutAtLimit, error });
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      const take = Math.min(chunk.length, maxBytes - total);
      if (take > 0) {
        chunks.push(take === chunk.length ? chunk : chunk.subarray(0, take));
        total += take;
      }
      if (take < chunk.length) {
        // More output exists than the RLP reader may consume: cut at the limit.
        finish(false, true);
        stream.destroy();
      }
    });
    stream.on('error', (e) => finish(false, false, decompressionError(e, compression)));
    stream.on('end', () => finish(true, false));
    stream.end(input);
  });
}

export interface CompressOptions {
  /** zlib level (op-batcher uses 9, BestCompression) or brotli quality (op-batcher: 9, 10 or 11; default 10). */
  level?: number;
}

/** Compresses the uncompressed channel content (the RLP batch stream). */
export function compressChannel(rlpBatches: Uint8Array, compression: ChannelCompression, options: CompressOptions = {}): Uint8Array {
  if (compression === 'zlib') {
    const out = zlib.deflateSync(rlpBatches, { level: options.level ?? 9 });
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  }
  const body = zlib.brotliCompressSync(rlpBatches, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: options.level ?? 10,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: rlpBatches.length,
    },
  });
  const out = new Uint8Array(body.length + 1);
  out[0] = CHANNEL_VERSION_BROTLI;
  out.set(body, 1);
  return out;
}
