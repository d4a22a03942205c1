/**
 * The forced path (Arbitrum delayed inbox, OP deposits): which forced messages were processed,
 * when, and how censorable the rollup is now.
 *
 * Inclusion rules (per stack):
 * - `delayed-read` (Arbitrum, Scroll; zkSync with the executions' priorityTxsProcessed as points): message i is processed by the first batch, in L1 order, whose
 *   afterDelayedMessagesRead (running max) exceeds i; it is included at that batch's L1 time.
 *   processedCount = the highest delayedMessagesRead of any batch; the queue is every known
 *   message with queueIndex ≥ processedCount.
 * - `sequencing-window` (OP Stack): the derivation includes a deposit no later than the end of its
 *   sequencing window. Without L2 data rollscope counts a deposit as included at the first batch
 *   with L1 time > its enqueue time, or at its deadline if no batch came before (then `forced`).
 * A message can be forced once `now ≥ deadline` (deadline = enqueue time + force-inclusion window).
 */
import { distribution, type Distribution } from './stats.ts';

export type InclusionRule = 'delayed-read' | 'sequencing-window';


export interface ForcedMessageFact {
  queueIndex: bigint;
  enqueuedAt: number;
  /** Unix time from which inclusion can be forced; null when the message has no force path (e.g. Scroll queue V1). */
  deadline: number | null;
}

/** A batch on the forced path: its L1 time and afterDelayedMessagesRead (null when not reported). */
export interface DelayedReadPoint {
  time: number;
  delayedMessagesRead: bigint | null;
  /** Posted by a user (forceInclusion) rather than the sequencer. */
  forced: boolean;
}

export interface Inclusion {
  includedAt: number | null;
  /** Index into the points array of the including batch (null if included by the window rule or not at all). */
  pointIndex: number | null;
  /** Included through force inclusion (a forced batch, or the OP window rule). */
  forced: boolean;
}

/** Running max of delayedMessagesRead over points in L1 order (0n before any report). */
function runningRead(points: readonly DelayedReadPoint[]): bigint[] {
  const out: bigint[] = [];
  let m = 0n;
  for (const p of points) {
    if (p.delayedMessagesRead !== null && p.delayedMessagesRead > m) m = p.delayedMessagesRead;
    out.push(m);
  }
  return out;
}

/** Highest delayedMessagesRead reported by any point (0n if none). */
export function processedCount(points: readonly DelayedReadPoint[]): bigint {
  const r = runningRead(points);
  return r.length ? r[r.length - 1] : 0n;
}

/** Inclusion of each message (same order as `messages`); `points` in L1 order. */
export function inclusions(messages: readonly ForcedMessageFact[], points: readonly DelayedReadPoint[], rule: InclusionRule, now: number): Inclusion[] {
  if (rule === 'delayed-read') {
    const read = runningRead(points);
    return messages.map((m) => {
      // First point whose running read exceeds the index (binary search; read is non-decreasing).
      let lo = 0;
      let hi = read.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (read[mid] > m.queueIndex) hi = mid;
        else lo = mid + 1;
      }
      if (lo === read.length) return { includedAt: null, pointIndex: null, forced: false };
      return { includedAt: points[lo].time, pointIndex: lo, forced: points[lo].forced };
    });
  }
  const times = points.map((p) => p.time);
  return messages.map((m) => {
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid] > m.enqueuedAt) hi = mid;
      else lo = mid + 1;
    }
    const batchTime = lo < times.length ? times[lo] : null;
    if (batchTime !== null && (m.deadline === null || batchTime <= m.deadline)) return { includedAt: batchTime, pointIndex: lo, forced: points[lo].forced };
    if (m.deadline !== null && m.deadline <= now) return { includedAt: m.deadline, pointIndex: null, forced: true };
    return { includedAt: null, pointIndex: null, forced: false };
  });
}

export interface ForcedQueue {
  depth: number;
  oldest: (ForcedMessageFact & { ageSeconds: number; pastWindow: boolean }) | null;
  /** The oldest unprocessed message can be forced now (now ≥ its deadline). */
  forceable: boolean;
}

/** Queue state at `now` from the messages and their inclusions (same order). */
export function forcedQueue(messages: readonly ForcedMessageFact[], incl: readonly Inclusion[], now: number): ForcedQueue {
  let depth = 0;
  let oldest: ForcedMessageFact | null = null;
  messages.forEach((m, i) => {
    const at = incl[i].includedAt;
    if (at !== null && at <= now) return;
    if (m.enqueuedAt > now) return;
    depth++;
    if (!oldest || m.queueIndex < oldest.queueIndex) oldest = m;
  });
  const o = oldest as ForcedMessageFact | null;
  if (!o) return { depth, oldest: null, forceable: false };
  const pastWindow = o.deadline !== null && now >= o.deadline;
  return { depth, oldest: { ...o, ageSeconds: now - o.enqueuedAt, pastWindow }, forceable: pastWindow };
}

/** Inclusion latency (includedAt − enqueuedAt) of the messages enqueued in [from, to) and included by now. */
export function inclusionLatency(messages: readonly ForcedMessageFact[], incl: readonly Inclusion[], { from, to, now }: { from: number; to: number; now: number }): Distribution {
  const values: number[] = [];
  messages.forEach((m, i) => {
    const at = incl[i].includedAt;
    if (m.enqueuedAt >= from && m.enqueuedAt < to && at !== null && at <= now) values.push(at - m.enqueuedAt);
  });
  return distribution(values);
}
