/**
 * Channel assembly: frames in L1 inclusion order -> complete channels, with the rules of op-node's
 * ChannelBank (derivation.md "Channel Bank") before Holocene and of its ChannelAssembler
 * (holocene/derivation.md) from Holocene on. The state is a plain JSON-safe value, so an indexer
 * can persist half-built channels with its progress and resume after a restart.
 *
 * Pre-Holocene (channel bank):
 * - a frame of an unknown channel opens it, tagged with the current L1 block; channels are kept
 *   in FIFO order of opening;
 * - a channel times out when `current.number > opened.number + CHANNEL_TIMEOUT` (300 L1 blocks on
 *   OP Mainnet/Base, 50 from Granite); frames of a timed-out channel are dropped;
 * - duplicate frames (same number), duplicate closes, and frames numbered >= the closing frame of
 *   a closed channel are dropped; a closing frame removes already buffered higher frames;
 * - after each inserted frame the bank is pruned FIFO down to MAX_CHANNEL_BANK_SIZE;
 * - reading: timed-out channels at the head are dropped; before Canyon only the head channel may
 *   be read, from Canyon the first ready channel in FIFO order; a channel is ready when closed and
 *   frames 0..last are all present.
 * From Holocene: the frames of each transaction are first pruned to an ordered run (frame queue
 * rule, applied by addFrames); then a single channel at a time, frames strictly in order; frame 0 starts a new
 * channel and discards an unfinished one; non-first frames without an open channel are dropped; a
 * channel larger than MAX_RLP_BYTES_PER_CHANNEL is dropped; the last frame completes it.
 *
 * Fork rules use the timestamp of the L1 block the frame was included in.
 */
import { toBytes, toHex, type Hex } from './bytes.ts';
import { DerivationError } from './errors.ts';
import type { Frame } from './frame.ts';
import {
  channelTimeoutAt,
  FRAME_SIZE_OVERHEAD,
  isForkActive,
  maxChannelBankSize,
  maxRlpBytesPerChannel,
  type ForkTimes,
} from './params.ts';

/** The L1 block (and optionally transaction) a frame was included in. JSON-safe. */
export interface L1Ref {
  blockNumber: number;
  /** L1 block timestamp in seconds (fork activation is decided by it). */
  timestamp: number;
  blockHash?: Hex;
  txHash?: Hex;
  txIndex?: number;
  /** Blob index within the transaction, for blob-carried frames. */
  blobIndex?: number;
}

export interface ChannelAssemblerParams {
  /** Bedrock channel timeout in L1 blocks (rollup config `channel_timeout`: 300 on OP Mainnet and Base). */
  channelTimeout: number;
  forks?: ForkTimes;
  /** Overrides of the protocol size limits (tests, devnets); default: the fork-dependent constants. */
  limits?: { maxChannelBankSize?: number; maxRlpBytesPerChannel?: number };
}

export interface AssembledChannelFrame {
  frameNumber: number;
  length: number;
  l1: L1Ref;
}

export interface AssembledChannel {
  id: Hex;
  /** Concatenated frame data: the compressed channel, ready for decodeChannel. */
  data: Uint8Array;
  /** Frames in frame-number order with the L1 transaction each came from. */
  frames: AssembledChannelFrame[];
  /** L1 block of the first frame seen (the channel's timeout starts there). */
  openedAt: L1Ref;
  /** Highest L1 block that contributed a frame. */
  completedAt: L1Ref;
  /** L1 block at which derivation reads the channel (later than completedAt only when a pre-Canyon
   *  bank was blocked by an older unfinished channel). */
  readAt: L1Ref;
}

export type DiscardReason =
  | 'channel-timed-out'
  | 'frame-of-timed-out-channel'
  | 'duplicate-frame'
  | 'duplicate-close'
  | 'frame-after-close'
  | 'out-of-order'
  | 'no-open-channel'
  | 'wrong-channel'
  | 'superseded'
  | 'oversized'
  | 'bank-pruned'
  | 'holocene-activation'
  | 'frame-queue-pruned';

export interface DiscardEvent {
  kind: 'frame' | 'channel';
  reason: DiscardReason;
  channelId: Hex;
  /** For frame discards. */
  frameNumber?: number;
  /** Where the discard happened (current L1 origin). */
  at: L1Ref;
  /** For channel discards: the frames that were buffered. */
  frames?: AssembledChannelFrame[];
}

interface StoredFrame {
  data: Uint8Array;
  isLast: boolean;
  l1: L1Ref;
}

interface ChannelBuffer {
  id: Hex;
  openedAt: L1Ref;
  requireInOrder: boolean;
  closed: boolean;
  endFrameNumber: number;
  highestFrameNumber: number;
  /** Sum of (frame data length + 200) as op-node counts it. */
  size: number;
  highestL1: L1Ref | null;
  frames: Map<number, StoredFrame>;
}

/** A ChannelBuffer in JSON-safe form: frames as a list with hex data. */
export type SerializedChannel = Omit<ChannelBuffer, 'frames'> & {
  frames: Array<{ frameNumber: number; isLast: boolean; data: Hex; l1: L1Ref }>;
};

/** Persistable assembler state (plain JSON). */
export interface ChannelAssemblerState {
  version: 1;
  /** Holocene rules in force (decided by the latest origin). */
  holocene: boolean;
  /** Latest L1 block seen; frames must not go back before it. */
  origin: L1Ref | null;
  /** Open channels in FIFO order of opening (at most one under Holocene). */
  channels: SerializedChannel[];
}

export interface ChannelAssembler {
  /** Adds one frame included at `l1` (in L1 order); returns the channels this completes or unblocks. */
  addFrame(frame: Frame, l1: L1Ref): AssembledChannel[];
  /** Adds the frames of one batcher transaction (or one blob) in order; prefer it to addFrame under
   *  Holocene, whose frame-queue rule looks at the frames of a transaction together. */
  addFrames(frames: readonly Frame[], l1: L1Ref): AssembledChannel[];
  /** Moves the origin to a later L1 block without frames: applies timeouts, may unblock reads. */
  advance(l1: L1Ref): AssembledChannel[];
  /** Snapshot of the state; safe to JSON.stringify and to pass back as `state`. */
  toState(): ChannelAssemblerState;
  /** Summary of the channels still open. */
  pending(): Array<{ id: Hex; openedAt: L1Ref; frames: number; closed: boolean; size: number }>;
}

export function createChannelAssembler(args: {
  params: ChannelAssemblerParams;
  state?: ChannelAssemblerState;
  /** Called for every dropped frame or channel (for logs, metrics and tests). */
  onDiscard?: (event: DiscardEvent) => void;
}): ChannelAssembler {
  const { params, onDiscard } = args;
  if (!Number.isInteger(params.channelTimeout) || params.channelTimeout < 0) {
    throw new DerivationError('ASSEMBLER_STATE', 'channelTimeout must be a non-negative integer', {
      where: 'params.channelTimeout',
      actual: String(params.channelTimeout),
    });
  }
  const forks = params.forks;
  const restored = args.state ? restoreState(args.state) : undefined;
  let holocene = restored?.holocene ?? false;
  let origin: L1Ref | null = restored?.origin ?? null;
  /** Open channels by id; insertion order of `queue` is opening order. */
  const channels = new Map<Hex, ChannelBuffer>();
  let queue: Hex[] = [];
  let bankSize = 0;
  for (const ch of restored?.channels ?? []) {
    channels.set(ch.id, ch);
    queue.push(ch.id);
    bankSize += ch.size;
  }

  const frameList = (ch: ChannelBuffer): AssembledChannelFrame[] =>
    [...ch.frames.entries()].sort((a, b) => a[0] - b[0]).map(([n, f]) => ({ frameNumber: n, length: f.data.length, l1: f.l1 }));

  const discardFrame = (reason: DiscardReason, frame: Frame) => {
    onDiscard?.({ kind: 'frame', reason, channelId: frame.channelId, frameNumber: frame.frameNumber, at: origin! });
  };
  const removeChannel = (id: Hex) => {
    const ch = channels.get(id);
    if (!ch) return;
    channels.delete(id);
    bankSize -= ch.size;
    queue = queue.filter((q) => q !== id);
  };
  const discardChannel = (reason: DiscardReason, ch: ChannelBuffer) => {
    removeChannel(ch.id);
    onDiscard?.({ kind: 'channel', reason, channelId: ch.id, at: origin!, frames: frameList(ch) });
  };

  const timedOut = (ch: ChannelBuffer): boolean =>
    ch.openedAt.blockNumber + channelTimeoutAt(params.channelTimeout, forks, origin!.timestamp) < origin!.blockNumber;

  const isReady = (ch: ChannelBuffer): boolean => {
    if (!ch.closed || ch.frames.size !== ch.endFrameNumber + 1) return false;
    for (let i = 0; i <= ch.endFrameNumber; i++) if (!ch.frames.has(i)) return false;
    return true;
  };

  const emit = (ch: ChannelBuffer): AssembledChannel => {
    removeChannel(ch.id);
    let total = 0;
    for (let i = 0; i <= ch.endFrameNumber; i++) total += ch.frames.get(i)!.data.length;
    const data = new Uint8Array(total);
    const frames: AssembledChannelFrame[] = [];
    let off = 0;
    for (let i = 0; i <= ch.endFrameNumber; i++) {
      const f = ch.frames.get(i)!;
      data.set(f.data, off);
      off += f.data.length;
      frames.push({ frameNumber: i, length: f.data.length, l1: f.l1 });
    }
    return { id: ch.id, data, frames, openedAt: ch.openedAt, completedAt: ch.highestL1 ?? ch.openedAt, readAt: origin! };
  };

  /** Channel.AddFrame: returns a discard reason, or undefined when the frame was buffered. */
  const addToChannel = (ch: ChannelBuffer, frame: Frame, l1: L1Ref): DiscardReason | undefined => {
    const n = frame.frameNumber;
    if (frame.isLast && ch.closed) return 'duplicate-close';
    if (ch.frames.has(n)) return 'duplicate-frame';
    if (ch.closed && n >= ch.endFrameNumber) return 'frame-after-close';
    if (ch.requireInOrder && n !== ch.frames.size) return 'out-of-order';
    const before = ch.size;
    if (frame.isLast) {
      ch.endFrameNumber = n;
      ch.closed = true;
      if (ch.endFrameNumber < ch.highestFrameNumber) {
        // op-node subtracts the size of every buffered frame here (not only the pruned ones);
        // mirrored so that bank pruning decisions match.
        for (const [idx, f] of [...ch.frames.entries()]) {
          if (idx >= ch.endFrameNumber) ch.frames.delete(idx);
          ch.size -= f.data.length + FRAME_SIZE_OVERHEAD;
        }
        ch.highestFrameNumber = ch.endFrameNumber;
      }
    }
    if (n > ch.highestFrameNumber) ch.highestFrameNumber = n;
    if (!ch.highestL1 || ch.highestL1.blockNumber < l1.blockNumber) ch.highestL1 = l1;
    // Copy: decoded frame data is a view into the caller's transaction buffer.
    ch.frames.set(n, { data: frame.data.slice(), isLast: frame.isLast, l1 });
    ch.size += frame.data.length + FRAME_SIZE_OVERHEAD;
    if (channels.has(ch.id)) bankSize += ch.size - before;
    return undefined;
  };

  const newChannel = (id: Hex, requireInOrder: boolean): ChannelBuffer => ({
    id,
    openedAt: origin!,
    requireInOrder,
    closed: false,
    endFrameNumber: 0,
    highestFrameNumber: 0,
    size: 0,
    highestL1: null,
    frames: new Map(),
  });

  /** Bank reads at the current origin, repeated until nothing more can be read. */
  const readBank = (out: AssembledChannel[]) => {
    for (;;) {
      if (queue.length === 0) return;
      const head = channels.get(queue[0])!;
      if (timedOut(head)) {
        discardChannel('channel-timed-out', head);
        continue;
      }
      if (!isForkActive(forks, 'canyon', origin!.timestamp)) {
        if (!isReady(head)) return;
        out.push(emit(head));
        continue;
      }
      let found: ChannelBuffer | undefined;
      for (const id of queue) {
        const ch = channels.get(id)!;
        if (!timedOut(ch) && isReady(ch)) {
          found = ch;
          break;
        }
      }
      if (!found) return;
      out.push(emit(found));
    }
  };

  const setOrigin = (l1: L1Ref) => {
    validateRef(l1);
    if (origin) {
      if (l1.blockNumber < origin.blockNumber) {
        throw new DerivationError('ASSEMBLER_ORDER', 'frames must be added in L1 order', {
          where: 'channelAssembler.origin',
          expected: `block >= ${origin.blockNumber}`,
          actual: String(l1.blockNumber),
        });
      }
      if (l1.blockNumber === origin.blockNumber && l1.blockHash && origin.blockHash && l1.blockHash !== origin.blockHash) {
        throw new DerivationError('ASSEMBLER_ORDER', 'same L1 block number with a different hash (reorg): restore a snapshot first', {
          where: 'channelAssembler.origin',
          expected: origin.blockHash,
          actual: l1.blockHash,
        });
      }
    }
    origin = l1;
    if (!holocene && isForkActive(forks, 'holocene', l1.timestamp)) {
      holocene = true;
      for (const id of [...queue]) discardChannel('holocene-activation', channels.get(id)!);
    }
  };

  const advance = (l1: L1Ref): AssembledChannel[] => {
    setOrigin(l1);
    const out: AssembledChannel[] = [];
    if (holocene) {
      const current = queue.length ? channels.get(queue[0])! : undefined;
      if (current && timedOut(current)) discardChannel('channel-timed-out', current);
    } else {
      readBank(out);
    }
    return out;
  };

  const ingestBank = (frame: Frame) => {
    let ch = channels.get(frame.channelId);
    if (!ch) {
      ch = newChannel(frame.channelId, false);
      channels.set(ch.id, ch);
      queue.push(ch.id);
    }
    if (timedOut(ch)) {
      discardFrame('frame-of-timed-out-channel', frame);
      return;
    }
    const reason = addToChannel(ch, frame, origin!);
    if (reason) {
      discardFrame(reason, frame);
      return;
    }
    const limit = params.limits?.maxChannelBankSize ?? maxChannelBankSize(forks, origin!.timestamp);
    while (bankSize > limit && queue.length > 0) discardChannel('bank-pruned', channels.get(queue[0])!);
  };

  const ingestHolocene = (frame: Frame, out: AssembledChannel[]) => {
    let current = queue.length ? channels.get(queue[0]) : undefined;
    if (frame.frameNumber === 0) {
      if (current) discardChannel('superseded', current);
      current = newChannel(frame.channelId, true);
      channels.set(current.id, current);
      queue = [current.id];
    }
    if (!current) {
      discardFrame('no-open-channel', frame);
      return;
    }
    if (frame.channelId !== current.id) {
      discardFrame('wrong-channel', frame);
      return;
    }
    const reason = addToChannel(current, frame, origin!);
    if (reason) {
      discardFrame(reason, frame);
      return;
    }
    if (current.size > (params.limits?.maxRlpBytesPerChannel ?? maxRlpBytesPerChannel(forks, origin!.timestamp))) {
      discardChannel('oversized', current);
      return;
    }
    if (frame.isLast) out.push(emit(current));
  };

  const addFrame = (frame: Frame, l1: L1Ref): AssembledChannel[] => {
    const out = advance(l1);
    if (holocene) {
      ingestHolocene(frame, out);
    } else {
      ingestBank(frame);
      readBank(out);
    }
    return out;
  };

  return {
    addFrame,
    addFrames(frames, l1) {
      const out = advance(l1);
      // Holocene's frame queue first prunes the frames of one transaction to an ordered sequence.
      const kept = holocene ? pruneFrameQueue(frames, (f) => discardFrame('frame-queue-pruned', f)) : frames;
      for (const f of kept) out.push(...addFrame(f, l1));
      return out;
    },
    advance,
    toState() {
      return {
        version: 1,
        holocene,
        origin,
        channels: queue.map((id) => {
          const ch = channels.get(id)!;
          return {
            id: ch.id,
            openedAt: ch.openedAt,
            requireInOrder: ch.requireInOrder,
            closed: ch.closed,
            endFrameNumber: ch.endFrameNumber,
            highestFrameNumber: ch.highestFrameNumber,
            size: ch.size,
            highestL1: ch.highestL1,
            frames: [...ch.frames.entries()]
              .sort((a, b) => a[0] - b[0])
              .map(([n, f]) => ({ frameNumber: n, isLast: f.isLast, data: toHex(f.data), l1: f.l1 })),
          };
        }),
      };
    },
    pending() {
      return queue.map((id) => {
        const ch = channels.get(id)!;
        return { id, openedAt: ch.openedAt, frames: ch.frames.size, closed: ch.closed, size: ch.size };
      });
    },
  };
}

/**
 * Holocene frame-queue rule applied to the frames of one batcher transaction (op-node
 * pruneFrameQueue): frames of a channel must be consecutive and stop at the last frame; a first
 * frame of another channel discards the preceding unclosed channel's frames; non-first frames of
 * another channel are dropped.
 */
export function pruneFrameQueue(frames: readonly Frame[], onDrop?: (f: Frame) => void): Frame[] {
  const q = [...frames];
  for (let i = 0; i < q.length - 1; ) {
    const current = q[i];
    const next = q[i + 1];
    if (current.channelId === next.channelId) {
      if (current.isLast || next.frameNumber !== current.frameNumber + 1) {
        onDrop?.(q.splice(i + 1, 1)[0]);
        continue;
      }
    } else {
      if (next.frameNumber === 0 && !current.isLast) {
        onDrop?.(q.splice(i, 1)[0]);
        if (i > 0) i--;
        continue;
      }
      if (next.frameNumber !== 0) {
        onDrop?.(q.splice(i + 1, 1)[0]);
        continue;
      }
    }
    i++;
  }
  return q;
}

function validateRef(l1: L1Ref): void {
  if (!Number.isSafeInteger(l1.blockNumber) || l1.blockNumber < 0 || !Number.isSafeInteger(l1.timestamp) || l1.timestamp < 0) {
    throw new DerivationError('ASSEMBLER_ORDER', 'L1 ref needs a non-negative integer blockNumber and timestamp', {
      where: 'channelAssembler.l1',
      actual: JSON.stringify(l1),
    });
  }
}

function restoreState(state: ChannelAssemblerState): { holocene: boolean; origin: L1Ref | null; channels: ChannelBuffer[] } {
  const bad = (what: string) =>
    new DerivationError('ASSEMBLER_STATE', 'invalid channel assembler state', { where: `state.${what}` });
  if (!state || state.version !== 1) throw bad('version');
  if (typeof state.holocene !== 'boolean' || !Array.isArray(state.channels)) throw bad('shape');
  const channels = state.channels.map((c, i): ChannelBuffer => {
    if (typeof c.id !== 'string' || !Array.isArray(c.frames) || !c.openedAt) throw bad(`channels[${i}]`);
    const frames = new Map<number, StoredFrame>();
    for (const f of c.frames) frames.set(f.frameNumber, { data: toBytes(f.data), isLast: f.isLast, l1: f.l1 });
    return {
      id: c.id,
      openedAt: c.openedAt,
      requireInOrder: c.requireInOrder,
      closed: c.closed,
      endFrameNumber: c.endFrameNumber,
      highestFrameNumber: c.highestFrameNumber,
      size: c.size,
      highestL1: c.highestL1,
      frames,
    };
  });
  return { holocene: state.holocene, origin: state.origin, channels };
}
