import { describe, expect, it } from 'vitest';
import { createChannelAssembler, type ChannelAssemblerParams, type DiscardEvent, type L1Ref } from './channelAssembler.ts';
import { DerivationError } from './errors.ts';
import type { Frame } from './frame.ts';

const A = '0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' as const;
const B = '0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' as const;
const C = '0xcccccccccccccccccccccccccccccccc' as const;

const CANYON = 1_000_000;
const GRANITE = 2_000_000;
const HOLOCENE = 3_000_000;

function f(channelId: `0x${string}`, frameNumber: number, bytes: number[] | number, isLast = false): Frame {
  const data = typeof bytes === 'number' ? new Uint8Array(bytes).fill(frameNumber + 1) : Uint8Array.from(bytes);
  return { channelId, frameNumber, data, isLast };
}

/** L1 block n; timestamps 12 s apart starting at `base`. */
const at = (base: number) => (n: number, tx?: string): L1Ref => ({ blockNumber: n, timestamp: base + n * 12, ...(tx ? { txHash: tx as `0x${string}` } : {}) });
const preCanyon = at(0);
const canyon = at(CANYON);
const holocene = at(HOLOCENE);
const params: ChannelAssemblerParams = { channelTimeout: 300, forks: { canyon: CANYON, granite: GRANITE, holocene: HOLOCENE } };

function setup(p: ChannelAssemblerParams = params) {
  const discards: DiscardEvent[] = [];
  const asm = createChannelAssembler({ params: p, onDiscard: (e) => discards.push(e) });
  return { asm, discards };
}

describe('channel bank (pre-Holocene)', () => {
  it('assembles out-of-order frames spread over several transactions and L1 blocks', () => {
    const { asm } = setup();
    expect(asm.addFrame(f(A, 2, [7, 8], true), canyon(10, '0x01'))).toEqual([]);
    expect(asm.addFrames([f(A, 0, [1, 2, 3])], canyon(11, '0x02'))).toEqual([]);
    const out = asm.addFrame(f(A, 1, [4, 5, 6]), canyon(13, '0x03'));
    expect(out).toHaveLength(1);
    const ch = out[0];
    expect(ch.id).toBe(A);
    expect([...ch.data]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ch.frames.map((x) => [x.frameNumber, x.length, x.l1.blockNumber, x.l1.txHash])).toEqual([
      [0, 3, 11, '0x02'],
      [1, 3, 13, '0x03'],
      [2, 2, 10, '0x01'],
    ]);
    expect(ch.openedAt.blockNumber).toBe(10);
    expect(ch.completedAt.blockNumber).toBe(13);
    expect(ch.readAt.blockNumber).toBe(13);
    expect(asm.pending()).toEqual([]);
  });

  it('handles interleaved channels in one transaction', () => {
    const { asm } = setup();
    const out = asm.addFrames([f(A, 0, 3), f(B, 0, 2, true), f(A, 1, 1, true)], canyon(5));
    expect(out.map((c) => c.id)).toEqual([B, A]);
    expect(out[1].data.length).toBe(4);
  });

  it('drops duplicate frames, duplicate closes and frames past the closing frame', () => {
    const { asm, discards } = setup();
    asm.addFrame(f(A, 0, [1]), canyon(1));
    asm.addFrame(f(A, 0, [9]), canyon(1)); // duplicate: first one kept
    asm.addFrame(f(A, 3, [4], true), canyon(2));
    asm.addFrame(f(A, 5, [6], true), canyon(2)); // duplicate close
    asm.addFrame(f(A, 4, [5]), canyon(2)); // after the close
    asm.addFrame(f(A, 2, [3]), canyon(3));
    const out = asm.addFrame(f(A, 1, [2]), canyon(3));
    expect(discards.map((d) => [d.reason, d.frameNumber])).toEqual([
      ['duplicate-frame', 0],
      ['duplicate-close', 5],
      ['frame-after-close', 4],
    ]);
    expect([...out[0].data]).toEqual([1, 2, 3, 4]);
  });

  it('a closing frame removes buffered higher frames', () => {
    const { asm } = setup();
    asm.addFrames([f(A, 0, [1]), f(A, 1, [2]), f(A, 3, [4]), f(A, 4, [5])], canyon(1));
    const out = asm.addFrame(f(A, 2, [3], true), canyon(2));
    expect(out).toHaveLength(1);
    expect([...out[0].data]).toEqual([1, 2, 3]);
  });

  it('times out channels after CHANNEL_TIMEOUT L1 blocks (300, then 50 from Granite)', () => {
    const { asm, discards } = setup();
    asm.addFrame(f(A, 0, [1]), preCanyon(100));
    asm.addFrame(f(A, 1, [2]), preCanyon(400)); // 100 + 300 < 400 is false: still open
    expect(discards).toEqual([]);
    asm.addFrame(f(A, 2, [3], true), preCanyon(401)); // read first: the channel is dropped at 401
    expect(discards.map((d) => [d.kind, d.reason])).toEqual([['channel', 'channel-timed-out']]);
    expect(discards[0].frames?.map((x) => x.frameNumber)).toEqual([0, 1]);
    // the closing frame then opened a fresh channel with the same id (op-node does the same)
    expect(asm.pending()).toMatchObject([{ id: A, frames: 1, closed: true }]);

    const g = setup();
    const granite = at(GRANITE);
    g.asm.addFrame(f(B, 0, [1]), granite(10));
    expect(g.asm.advance(granite(60))).toEqual([]);
    expect(g.discards).toEqual([]);
    g.asm.advance(granite(61));
    expect(g.discards.map((d) => d.reason)).toEqual(['channel-timed-out']);
  });

  it('drops frames of a timed-out channel that is not yet read out', () => {
    const { asm, discards } = setup();
    asm.addFrame(f(A, 0, [1]), preCanyon(100));
    asm.addFrame(f(B, 0, [1]), preCanyon(150));
    // At 420, A (opened 100) is dropped by the read; B (opened 150) is still in time.
    asm.addFrame(f(B, 1, [2], true), preCanyon(420));
    expect(discards.map((d) => d.reason)).toEqual(['channel-timed-out']);
  });

  it('before Canyon only the oldest channel can be read; from Canyon the first ready one', () => {
    const pre = setup();
    pre.asm.addFrame(f(A, 0, [1]), preCanyon(10));
    expect(pre.asm.addFrame(f(B, 0, [2], true), preCanyon(11))).toEqual([]); // blocked behind A
    const out = pre.asm.addFrame(f(A, 1, [3], true), preCanyon(12));
    expect(out.map((c) => [c.id, c.completedAt.blockNumber, c.readAt.blockNumber])).toEqual([
      [A, 12, 12],
      [B, 11, 12],
    ]);

    // Unblocked by A's timeout with no new frame: advance() reads B.
    const pre2 = setup();
    pre2.asm.addFrame(f(A, 0, [1]), preCanyon(10));
    pre2.asm.addFrame(f(B, 0, [2], true), preCanyon(11));
    expect(pre2.asm.advance(preCanyon(310))).toEqual([]);
    const late = pre2.asm.advance(preCanyon(311));
    expect(late.map((c) => [c.id, c.readAt.blockNumber])).toEqual([[B, 311]]);

    const post = setup();
    post.asm.addFrame(f(A, 0, [1]), canyon(10));
    expect(post.asm.addFrame(f(B, 0, [2], true), canyon(11)).map((c) => c.id)).toEqual([B]);
  });

  it('prunes the oldest channels when the bank exceeds its size', () => {
    const { asm, discards } = setup({ ...params, limits: { maxChannelBankSize: 1000 } });
    asm.addFrame(f(A, 0, 300), canyon(1)); // size 500
    asm.addFrame(f(B, 0, 200), canyon(1)); // 900
    expect(discards).toEqual([]);
    asm.addFrame(f(C, 0, 10), canyon(2)); // 1110 > 1000: A pruned
    expect(discards.map((d) => [d.reason, d.channelId])).toEqual([['bank-pruned', A]]);
    expect(asm.pending().map((p) => p.id)).toEqual([B, C]);
  });
});

describe('channel assembler (Holocene)', () => {
  it('requires frames in order and completes on the last frame', () => {
    const { asm, discards } = setup();
    asm.addFrame(f(A, 0, [1]), holocene(1));
    asm.addFrame(f(A, 2, [3]), holocene(1)); // out of order: dropped
    asm.addFrame(f(A, 1, [2]), holocene(2));
    const out = asm.addFrame(f(A, 2, [3], true), holocene(3));
    expect(discards.map((d) => d.reason)).toEqual(['out-of-order']);
    expect([...out[0].data]).toEqual([1, 2, 3]);
  });

  it('frame 0 supersedes an unfinished channel; other frames need the open channel', () => {
    const { asm, discards } = setup();
    asm.addFrame(f(A, 1, [9]), holocene(1)); // no open channel
    asm.addFrame(f(A, 0, [1]), holocene(1));
    asm.addFrame(f(B, 1, [9]), holocene(2)); // wrong channel
    const out = asm.addFrames([f(B, 0, [5]), f(B, 1, [6], true)], holocene(2)); // supersedes A
    expect(discards.map((d) => [d.kind, d.reason, d.channelId])).toEqual([
      ['frame', 'no-open-channel', A],
      ['frame', 'wrong-channel', B],
      ['channel', 'superseded', A],
    ]);
    expect(out.map((c) => [c.id, [...c.data]])).toEqual([[B, [5, 6]]]);
  });

  it('drops a channel larger than MAX_RLP_BYTES_PER_CHANNEL and times out the open channel', () => {
    const { asm, discards } = setup({ ...params, limits: { maxRlpBytesPerChannel: 500 } });
    asm.addFrame(f(A, 0, 200), holocene(1)); // 400
    asm.addFrame(f(A, 1, 200), holocene(1)); // 800 > 500
    expect(discards.map((d) => d.reason)).toEqual(['oversized']);
    asm.addFrame(f(B, 0, 1), holocene(10));
    asm.advance(holocene(61));
    expect(discards.map((d) => d.reason)).toEqual(['oversized', 'channel-timed-out']);
  });

  it('prunes the frames of one transaction to an ordered run before assembling (frame queue rule)', () => {
    const { asm, discards } = setup();
    asm.addFrame(f(A, 0, [1]), holocene(1));
    // A2 closes, so A1 after it is dropped; A2 itself is then out of order for the channel.
    expect(asm.addFrames([f(A, 2, [3], true), f(A, 1, [2])], holocene(2))).toEqual([]);
    expect(discards.map((d) => [d.reason, d.frameNumber])).toEqual([
      ['frame-queue-pruned', 1],
      ['out-of-order', 2],
    ]);
    expect(asm.pending()).toMatchObject([{ id: A, frames: 1 }]);
    // [B0, C1, C0, C1-last]: C1 after B0 is dropped, then C0 discards the unclosed B0.
    discards.length = 0;
    const out = asm.addFrames([f(B, 0, [5]), f(C, 1, [9]), f(C, 0, [6]), f(C, 1, [7], true)], holocene(3));
    expect(discards.map((d) => [d.kind, d.reason, d.channelId, d.frameNumber])).toEqual([
      ['frame', 'frame-queue-pruned', C, 1],
      ['frame', 'frame-queue-pruned', B, 0],
      ['channel', 'superseded', A, undefined],
    ]);
    expect(out.map((c) => [c.id, [...c.data]])).toEqual([[C, [6, 7]]]);
  });

  it('Holocene activation discards the channel bank', () => {
    const { asm, discards } = setup();
    asm.addFrame(f(A, 0, [1]), at(HOLOCENE - 100)(0));
    asm.addFrame(f(A, 1, [2], true), holocene(1)); // non-first frame, bank gone
    expect(discards.map((d) => [d.kind, d.reason])).toEqual([
      ['channel', 'holocene-activation'],
      ['frame', 'no-open-channel'],
    ]);
    expect(asm.toState().holocene).toBe(true);
  });
});

describe('assembler state', () => {
  it('survives a JSON round trip in the middle of channels (bank and Holocene)', () => {
    for (const ref of [canyon, holocene]) {
      const frames: Array<[Frame, number]> = [
        [f(A, 0, 50), 1],
        [f(B, 0, 20), 1],
        [f(A, 1, 60), 2],
        [f(B, 1, 10, true), 3],
        [f(A, 2, 70, true), 4],
      ];
      if (ref === holocene) frames.splice(1, 1), frames.splice(2, 1); // one channel at a time
      const straight = setup().asm;
      const expected = frames.flatMap(([fr, n]) => straight.addFrame(fr, ref(n)));

      const first = setup().asm;
      const got = frames.slice(0, 2).flatMap(([fr, n]) => first.addFrame(fr, ref(n)));
      const json = JSON.stringify(first.toState());
      const resumed = createChannelAssembler({ params, state: JSON.parse(json) });
      got.push(...frames.slice(2).flatMap(([fr, n]) => resumed.addFrame(fr, ref(n))));

      expect(got.map((c) => c.id)).toEqual(expected.map((c) => c.id));
      expect(got.map((c) => Buffer.from(c.data).toString('hex'))).toEqual(expected.map((c) => Buffer.from(c.data).toString('hex')));
      expect(got.map((c) => c.frames)).toEqual(expected.map((c) => c.frames));
      expect(got.length).toBeGreaterThan(0);
    }
  });

  it('refuses frames that go back in L1 order, reorged blocks and invalid state', () => {
    const { asm } = setup();
    asm.addFrame(f(A, 0, [1]), { blockNumber: 10, timestamp: CANYON + 120, blockHash: '0x01' });
    expect(() => asm.addFrame(f(A, 1, [1]), canyon(9))).toThrow(DerivationError);
    expect(() => asm.addFrame(f(A, 1, [1]), { blockNumber: 10, timestamp: CANYON + 120, blockHash: '0x02' })).toThrow(/reorg/);
    expect(() => createChannelAssembler({ params, state: { version: 2 } as never })).toThrow(/invalid channel assembler state/);
    expect(() => asm.advance({ blockNumber: -1, timestamp: 0 })).toThrow(DerivationError);
  });
});
