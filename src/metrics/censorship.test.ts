import { describe, expect, it } from 'vitest';
import { forcedQueue, inclusionLatency, inclusions, processedCount, type DelayedReadPoint, type ForcedMessageFact } from './censorship.ts';

const msg = (i: number, enqueuedAt: number, window = 86_400): ForcedMessageFact => ({ queueIndex: BigInt(i), enqueuedAt, deadline: enqueuedAt + window });

describe('delayed-read inclusion (Arbitrum)', () => {
  const messages = [msg(0, 1_000), msg(1, 1_100), msg(2, 1_200), msg(3, 1_300)];
  const points: DelayedReadPoint[] = [
    { time: 1_050, delayedMessagesRead: 1n, forced: false },
    { time: 1_150, delayedMessagesRead: null, forced: false },
    { time: 1_400, delayedMessagesRead: 3n, forced: false },
    { time: 90_000, delayedMessagesRead: 2n, forced: false }, // a stale report never lowers the count
  ];
  it('includes message i at the first batch whose delayedMessagesRead exceeds i', () => {
    const inc = inclusions(messages, points, 'delayed-read', 100_000);
    expect(inc.map((x) => x.includedAt)).toEqual([1_050, 1_400, 1_400, null]);
    expect(inc.map((x) => x.pointIndex)).toEqual([0, 2, 2, null]);
    expect(processedCount(points)).toBe(3n);
  });
  it('queue depth, oldest age and forceability before and after the window', () => {
    const inc = inclusions(messages, points, 'delayed-read', 100_000);
    expect(forcedQueue(messages, inc, 1_500)).toEqual({
      depth: 1,
      oldest: { ...messages[3], ageSeconds: 200, pastWindow: false },
      forceable: false,
    });
    const late = forcedQueue(messages, inc, 1_300 + 86_400);
    expect(late.oldest?.ageSeconds).toBe(86_400);
    expect(late.forceable).toBe(true);
    // Before batch 3 lands, messages 1..3 are all waiting; the oldest is 1.
    expect(forcedQueue(messages, inc, 1_350)).toMatchObject({ depth: 3, oldest: { queueIndex: 1n, ageSeconds: 250 } });
  });
  it('records force inclusion by a user batch and its latency', () => {
    const forcedPoints: DelayedReadPoint[] = [...points.slice(0, 3), { time: 1_300 + 86_400 + 10, delayedMessagesRead: 4n, forced: true }];
    const inc = inclusions(messages, forcedPoints, 'delayed-read', 200_000);
    expect(inc[3]).toEqual({ includedAt: 1_300 + 86_410, pointIndex: 3, forced: true });
    expect(forcedQueue(messages, inc, 200_000)).toEqual({ depth: 0, oldest: null, forceable: false });
    const lat = inclusionLatency(messages, inc, { from: 0, to: 2_000, now: 200_000 });
    expect(lat).toMatchObject({ count: 4, min: 50, max: 86_410, p50: 200 });
    // A window that excludes message 0 by enqueue time.
    expect(inclusionLatency(messages, inc, { from: 1_100, to: 1_300, now: 200_000 }).count).toBe(2);
  });
});

describe('sequencing-window inclusion (OP Stack)', () => {
  it('counts a deposit in at the next batch, or at its deadline when no batch came (forced)', () => {
    const messages = [msg(0, 100, 43_200), msg(1, 500, 43_200)];
    const points: DelayedReadPoint[] = [{ time: 200, delayedMessagesRead: null, forced: false }];
    const inc = inclusions(messages, points, 'sequencing-window', 50_000);
    expect(inc[0]).toEqual({ includedAt: 200, pointIndex: 0, forced: false });
    expect(inc[1]).toEqual({ includedAt: 43_700, pointIndex: null, forced: true });
    expect(inclusions(messages, points, 'sequencing-window', 10_000)[1].includedAt).toBeNull();
  });
});
