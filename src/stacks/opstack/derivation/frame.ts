/**
 * Channel frames (derivation.md "Frame Format"):
 *   frame = channel_id(bytes16) ++ frame_number(uint16 BE) ++ frame_data_length(uint32 BE)
 *           ++ frame_data ++ is_last(1 byte: 0 or 1)
 */
import { createReader, createWriter, readByte, readBytes, toBytes, toHex, type ByteReader, type ByteWriter, type BytesLike, type Hex } from './bytes.ts';
import { DerivationError } from './errors.ts';
import { CHANNEL_ID_LENGTH, FRAME_OVERHEAD, MAX_FRAME_DATA_LENGTH } from './params.ts';

export interface Frame {
  /** 16-byte channel id as 0x-prefixed lowercase hex (34 chars). */
  channelId: Hex;
  frameNumber: number;
  /** frame_data; a view into the input when decoded (copy it if the input buffer is reused). */
  data: Uint8Array;
  isLast: boolean;
}

/** Encoded size of a frame, header included. */
export function frameSize(frame: Pick<Frame, 'data'>): number {
  return FRAME_OVERHEAD + frame.data.length;
}

export function writeFrame(w: ByteWriter, frame: Frame): void {
  const id = toBytes(frame.channelId);
  if (id.length !== CHANNEL_ID_LENGTH) {
    throw new DerivationError('ENCODE', 'channel id must be 16 bytes', {
      where: 'frame.channel_id',
      actual: `${id.length} bytes`,
    });
  }
  if (!Number.isInteger(frame.frameNumber) || frame.frameNumber < 0 || frame.frameNumber > 0xffff) {
    throw new DerivationError('ENCODE', 'frame number must be a uint16', { where: 'frame.frame_number', actual: String(frame.frameNumber) });
  }
  if (frame.data.length > MAX_FRAME_DATA_LENGTH) {
    throw new DerivationError('ENCODE', 'frame data too large', {
      where: 'frame.frame_data_length',
      expected: `<= ${MAX_FRAME_DATA_LENGTH}`,
      actual: String(frame.data.length),
    });
  }
  w.bytes(id);
  w.u16be(frame.frameNumber);
  w.u32be(frame.data.length);
  w.bytes(frame.data);
  w.byte(frame.isLast ? 1 : 0);
}

export function encodeFrame(frame: Frame): Uint8Array {
  const w = createWriter(frameSize(frame));
  writeFrame(w, frame);
  return w.finish();
}

/** Reads one frame at the cursor; `index` only labels errors. Frame data is a view (no copy). */
export function readFrame(r: ByteReader, index: number): Frame {
  const where = `frame[${index}]`;
  const id = readBytes(r, CHANNEL_ID_LENGTH, `${where}.channel_id`);
  const numBytes = readBytes(r, 2, `${where}.frame_number`);
  const lenBytes = readBytes(r, 4, `${where}.frame_data_length`);
  const dataLength = ((lenBytes[0] << 24) >>> 0) + (lenBytes[1] << 16) + (lenBytes[2] << 8) + lenBytes[3];
  if (dataLength > MAX_FRAME_DATA_LENGTH) {
    throw new DerivationError('FRAME_TOO_LARGE', 'frame_data_length too large', {
      where: `${where}.frame_data_length`,
      offset: r.pos - 4,
      expected: `<= ${MAX_FRAME_DATA_LENGTH}`,
      actual: String(dataLength),
    });
  }
  const data = readBytes(r, dataLength, `${where}.frame_data`);
  const isLastByte = readByte(r, `${where}.is_last`);
  if (isLastByte > 1) {
    throw new DerivationError('FRAME_IS_LAST', 'invalid is_last byte', {
      where: `${where}.is_last`,
      offset: r.pos - 1,
      expected: '0 or 1',
      actual: String(isLastByte),
    });
  }
  return { channelId: toHex(id), frameNumber: (numBytes[0] << 8) | numBytes[1], data, isLast: isLastByte === 1 };
}

/**
 * Decodes the concatenated frames in bytes[start..]. All bytes must be consumed and at least one
 * frame present; any error invalidates the whole transaction (spec: "If any one frame fails to
 * parse, all frames in the transaction are rejected"). Offsets in errors are relative to `bytes`.
 */
export function decodeFrames(input: BytesLike, start = 0): Frame[] {
  const bytes = toBytes(input);
  const r = createReader(bytes, start);
  const frames: Frame[] = [];
  while (r.pos < r.end) frames.push(readFrame(r, frames.length));
  if (frames.length === 0) {
    throw new DerivationError('FRAME_NONE', 'no frames in batcher data', { where: 'frames', offset: start, expected: 'at least one frame' });
  }
  return frames;
}
