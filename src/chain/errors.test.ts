import { describe, expect, it } from 'vitest';
import { ChainError, classifyRpcError, isRetryable, RangeLimitError } from './errors.ts';
import { createRangeSizer } from './logs.ts';
import { createLimiter } from './limiter.ts';

describe('chain error classification', () => {
  const where = { chainId: 1 };
  it('treats provider range limits as range_limit with the suggested end', () => {
    for (const message of [
      'query returned more than 10000 results', 'Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range',
      'block range too large', 'eth_getLogs is limited to a 10,000 range', 'exceed maximum block range: 5000',
    ]) expect(classifyRpcError({ code: -32005, message }, 'eth_getLogs', where)).toBeInstanceOf(RangeLimitError);
    const e = classifyRpcError({ code: -32602, message: 'Log response size exceeded. this block range should work: [0x10, 0x1f]' }, 'eth_getLogs', where) as RangeLimitError;
    expect(e.suggestedTo).toBe(0x1f);
  });
  it('splits retryable from fatal', () => {
    expect(isRetryable(classifyRpcError({ code: 429, message: 'Too Many Requests' }, 'm', where))).toBe(true);
    expect(classifyRpcError({ code: -32000, message: 'header not found' }, 'm', where).kind).toBe('lagging');
    expect(isRetryable(classifyRpcError({ code: -32601, message: 'method not found' }, 'm', where))).toBe(false);
    expect(isRetryable(new ChainError('x', { kind: 'chain_id', what: 'eth_chainId' }))).toBe(false);
    expect(isRetryable(new Error('plain'))).toBe(false);
  });
});

describe('adaptive eth_getLogs span', () => {
  it('grows while answers are small, shrinks on limits and big answers', () => {
    const s = createRangeSizer({ initial: 100, max: 1_000, targetLogs: 1_000 });
    s.onResult(100, 10);
    expect(s.span()).toBe(200);
    s.onResult(200, 5_000);
    expect(s.span()).toBe(100);
    s.onLimit(100, 30);
    expect(s.span()).toBe(30);
    s.onLimit(30);
    expect(s.span()).toBe(15);
  });

  it('stays below a refused span until enough answers in a row came back, then grows again', () => {
    const s = createRangeSizer({ initial: 4, max: 64, targetLogs: 1_000, relaxAfter: 3 });
    s.onLimit(4);
    expect(s.span()).toBe(2);
    s.onResult(2, 10); // light blocks: would double back to 4, which was refused
    expect(s.span()).toBe(3);
    s.onResult(3, 10);
    expect(s.span()).toBe(3);
    s.onResult(3, 10); // third clean answer: the ceiling relaxes to 8
    expect(s.span()).toBe(6);
    s.onResult(6, 10);
    expect(s.span()).toBe(7);
    s.onLimit(7);
    expect(s.span()).toBe(3);
    for (let i = 0; i < 3 * 5; i++) s.onResult(s.span(), 10);
    expect(s.span()).toBe(64); // the ceiling relaxed past max: gone
  });

  it('stays at or below a suggested span (not just below the refused one) until the ceiling relaxes', () => {
    const s = createRangeSizer({ initial: 20, max: 64, targetLogs: 1_000, relaxAfter: 3 });
    s.onLimit(20, 1); // e.g. a 1-block span is what the refused answer's size allows
    s.onResult(1, 1); // a light block: would double to 2, which the refusal said is too much
    expect(s.span()).toBe(1);
    s.onResult(1, 1);
    s.onResult(1, 1); // third clean answer: the ceiling relaxes to 4
    expect(s.span()).toBe(2);
  });

  it('lets one probe (a span above every span answered since the last limit) out at a time', async () => {
    const s = createRangeSizer({ initial: 8, max: 64, targetLogs: 1_000 });
    const first = await s.take(100);
    expect(first.span).toBe(8);
    let secondTaken = false;
    const second = s.take(100).then((t) => { secondTaken = true; return t; });
    await new Promise((r) => setTimeout(r, 10));
    expect(secondTaken).toBe(false); // waits for the probe's outcome
    s.onLimit(8, 2); // the probe was refused
    first.done();
    const t = await second;
    expect(t.span).toBe(2); // asks what the refusal taught, not the refused span
    // Spans already answered go out side by side.
    s.onResult(2, 10);
    t.done();
    const [a, b] = await Promise.all([s.take(2), s.take(2)]);
    expect([a.span, b.span]).toEqual([2, 2]);
    // A failure other than a limit frees the probe too: the next caller probes the same span.
    const fresh = createRangeSizer({ initial: 8, max: 64, targetLogs: 1_000 });
    const p = await fresh.take(100);
    const waiting = fresh.take(100);
    p.done();
    expect((await waiting).span).toBe(8);
  });
});

describe('rate limiter', () => {
  it('admits at most the configured requests per second and in flight', async () => {
    const limiter = createLimiter({ requestsPerSecond: 20, maxInFlight: 2 });
    const started = Date.now();
    let inFlight = 0;
    let maxSeen = 0;
    await Promise.all(Array.from({ length: 30 }, async () => {
      const release = await limiter.acquire(1);
      inFlight++; maxSeen = Math.max(maxSeen, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--; release();
    }));
    expect(maxSeen).toBeLessThanOrEqual(2);
    // 20 burst tokens, then 10 more at 20/s: at least ~0.5 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });
});

describe('dropJsonArrays', () => {
  it('cuts the arrays of one key out of JSON text, leaving the rest intact', async () => {
    const { dropJsonArrays } = await import('./rpc.ts');
    const receipt = { status: '0x1', logs: [{ topics: ['0x01', '0x02'], data: '0x"]' }, { topics: [], data: '0x' }], logsBloom: '0x00', gasUsed: '0x5208' };
    const text = JSON.stringify([receipt, { ...receipt, logs: [] }]);
    expect(JSON.parse(dropJsonArrays(text, 'logs'))).toEqual([{ ...receipt, logs: [] }, { ...receipt, logs: [] }]);
    expect(dropJsonArrays('{"logs":[', 'logs')).toBe('{"logs":[');
  });
});

describe('state availability', () => {
  it('classifies a pruned node as state_unavailable (fatal: callers fall back, nobody waits for it)', () => {
    const e = classifyRpcError({ code: -32000, message: 'missing trie node 0xabc (path )' }, 'eth_getTransactionCount', { chainId: 1 });
    expect(e.kind).toBe('state_unavailable');
    expect(isRetryable(e)).toBe(false);
  });
});
