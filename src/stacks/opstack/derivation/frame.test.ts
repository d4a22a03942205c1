import { describe, expect, it } from 'vitest';
import { encodeAltDaCommitment, encodeBatcherData, parseBatcherData } from './batcherData.ts';
import { DerivationError } from './errors.ts';
import { decodeFrames, encodeFrame, type Frame } from './frame.ts';

const ID_A = '0x00112233445566778899aabbccddeeff' as const;
const ID_B = '0xffeeddccbbaa99887766554433221100' as const;

function code(fn: () => unknown): { code: string; err: DerivationError } {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof DerivationError)) throw e;
    return { code: e.code, err: e };
  }
  throw new Error('expected a DerivationError');
}

describe('frames', () => {
  it('encodes the documented layout byte for byte', () => {
    const bytes = encodeFrame({ channelId: ID_A, frameNumber: 0x0102, data: Uint8Array.from([0xaa, 0xbb, 0xcc]), isLast: true });
    expect(Buffer.from(bytes).toString('hex')).toBe('00112233445566778899aabbccddeeff' + '0102' + '00000003' + 'aabbcc' + '01');
  });

  it('round-trips several frames of different channels in one transaction', () => {
    const frames: Frame[] = [
      { channelId: ID_A, frameNumber: 0, data: Uint8Array.from([1, 2, 3]), isLast: false },
      { channelId: ID_B, frameNumber: 7, data: new Uint8Array(0), isLast: true },
      { channelId: ID_A, frameNumber: 1, data: new Uint8Array(1000).fill(9), isLast: true },
    ];
    const data = encodeBatcherData(frames);
    expect(data[0]).toBe(0);
    const parsed = parseBatcherData(data);
    expect(parsed.kind).toBe('frames');
    if (parsed.kind !== 'frames') return;
    expect(parsed.frames.map((f) => [f.channelId, f.frameNumber, f.data.length, f.isLast])).toEqual([
      [ID_A, 0, 3, false],
      [ID_B, 7, 0, true],
      [ID_A, 1, 1000, true],
    ]);
    expect([...parsed.frames[0].data]).toEqual([1, 2, 3]);
    // also accepts hex input
    expect(parseBatcherData(Buffer.from(data).toString('hex').replace(/^/, '0x') as `0x${string}`).kind).toBe('frames');
  });

  it('rejects truncation in every field, reporting the field and byte offset', () => {
    const data = encodeBatcherData([{ channelId: ID_A, frameNumber: 1, data: Uint8Array.from([5, 6]), isLast: false }]);
    const cases: Array<[number, string]> = [
      [1 + 10, 'frame[0].channel_id'],
      [1 + 17, 'frame[0].frame_number'],
      [1 + 20, 'frame[0].frame_data_length'],
      [1 + 23, 'frame[0].frame_data'],
      [1 + 24, 'frame[0].is_last'],
    ];
    for (const [len, where] of cases) {
      const { code: c, err } = code(() => parseBatcherData(data.subarray(0, len)));
      expect(c).toBe('FRAME_TRUNCATED');
      expect(err.where).toBe(where);
      expect(err.offset).toBeGreaterThanOrEqual(1);
    }
    // a second, partial frame invalidates the whole transaction
    const two = Uint8Array.from([...data, ...data.subarray(1, 10)]);
    expect(code(() => parseBatcherData(two)).err.where).toBe('frame[1].channel_id');
  });

  it('rejects is_last other than 0/1, oversized frame_data_length, empty data, no frames, unknown version', () => {
    const data = encodeBatcherData([{ channelId: ID_A, frameNumber: 0, data: Uint8Array.from([1]), isLast: false }]);
    const badLast = data.slice();
    badLast[badLast.length - 1] = 2;
    expect(code(() => parseBatcherData(badLast)).code).toBe('FRAME_IS_LAST');

    const big = data.slice();
    big.set([0x00, 0x0f, 0x42, 0x41], 19); // 1_000_001
    const { code: c, err } = code(() => parseBatcherData(big));
    expect(c).toBe('FRAME_TOO_LARGE');
    expect(err.offset).toBe(19);

    expect(code(() => parseBatcherData(new Uint8Array(0))).code).toBe('BATCHER_DATA_EMPTY');
    expect(code(() => parseBatcherData(Uint8Array.from([0]))).code).toBe('FRAME_NONE');
    const v2 = data.slice();
    v2[0] = 2;
    expect(code(() => parseBatcherData(v2)).err.message).toMatch(/unknown batcher data version.*got 2/);
    expect(code(() => decodeFrames(new Uint8Array(0))).code).toBe('FRAME_NONE');
  });

  it('refuses to encode invalid frames', () => {
    expect(code(() => encodeFrame({ channelId: '0x0011', frameNumber: 0, data: new Uint8Array(0), isLast: true })).code).toBe('ENCODE');
    expect(code(() => encodeFrame({ channelId: ID_A, frameNumber: 70000, data: new Uint8Array(0), isLast: true })).code).toBe('ENCODE');
    expect(code(() => encodeBatcherData([])).code).toBe('ENCODE');
  });
});

describe('alt-DA commitments', () => {
  it('parses keccak256 commitments (type byte and hash)', () => {
    const hash = new Uint8Array(32).fill(0xab);
    const data = encodeAltDaCommitment({ commitmentType: 'keccak256', payload: hash });
    expect(data[0]).toBe(1);
    expect(data[1]).toBe(0);
    const parsed = parseBatcherData(data);
    expect(parsed).toMatchObject({ kind: 'altda', commitmentType: 'keccak256', commitmentTypeByte: 0, payload: `0x${'ab'.repeat(32)}` });
    expect(parsed.kind === 'altda' && parsed.commitment).toBe(`0x00${'ab'.repeat(32)}`);
  });

  it('parses generic commitments and names the DA layer byte', () => {
    const eigen = parseBatcherData(Uint8Array.from([1, 1, 0x00, 0x01, 0xde, 0xad]));
    expect(eigen).toMatchObject({ kind: 'altda', commitmentType: 'generic', commitmentTypeByte: 1, daLayerByte: 0, daLayer: 'eigenda', payload: '0x01dead' });
    expect(parseBatcherData(Uint8Array.from([1, 1, 0x0c, 7]))).toMatchObject({ daLayer: 'celestia', daLayerByte: 0x0c });
    expect(parseBatcherData(Uint8Array.from([1, 1, 0x0a]))).toMatchObject({ daLayer: 'avail', payload: '0x' });
    expect(parseBatcherData(Uint8Array.from([1, 1, 0x42, 1]))).toMatchObject({ daLayer: 'unknown', daLayerByte: 0x42 });
    const enc = encodeAltDaCommitment({ commitmentType: 'generic', daLayerByte: 0x0c, payload: '0x0102' });
    expect([...enc]).toEqual([1, 1, 0x0c, 1, 2]);
  });

  it('rejects malformed commitments', () => {
    expect(code(() => parseBatcherData(Uint8Array.from([1]))).code).toBe('ALTDA_COMMITMENT');
    expect(code(() => parseBatcherData(Uint8Array.from([1, 0, 1, 2]))).err.message).toMatch(/32 bytes/);
    expect(code(() => parseBatcherData(Uint8Array.from([1, 1]))).err.where).toBe('altda.generic.da_layer_byte');
    expect(code(() => parseBatcherData(Uint8Array.from([1, 5, 1]))).err.message).toMatch(/unknown alt-DA commitment type.*got 5/);
  });
});
