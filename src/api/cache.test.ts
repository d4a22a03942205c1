import { describe, expect, it } from 'vitest';
import { createResponseCache, type CachedResponse } from './cache.ts';

const answer = (text: string): CachedResponse => ({ status: 200, headers: [['content-type', 'application/json']], body: Buffer.from(text) });

describe('response cache', () => {
  it('keeps a second and the next side by side, drops older seconds, and forgets everything on new facts', () => {
    const c = createResponseCache();
    c.set('q', 100, answer('a100'));
    c.set('q', 101, answer('a101')); // prepared for the next second
    expect(c.get('q', 100)?.body.toString()).toBe('a100');
    expect(c.get('q', 101)?.body.toString()).toBe('a101');
    expect(c.get('q', 102)).toBeUndefined();
    c.set('q', 102, answer('a102'));
    expect(c.get('q', 100)).toBeUndefined();
    expect(c.get('q', 101)?.body.toString()).toBe('a101');
    expect(c.size).toBe(2);
    const before = c.epoch();
    c.invalidate();
    expect(c.get('q', 102)).toBeUndefined();
    expect(c.size).toBe(0);
    c.setIfEpoch('q', 102, before, answer('stale'));
    expect(c.get('q', 102)).toBeUndefined();
  });

  it('never holds more than maxEntries answers nor an oversized body, oldest evicted first', () => {
    const c = createResponseCache({ maxEntries: 3, maxBodyBytes: 10 });
    c.set('a', 1, answer('a'));
    c.set('b', 1, answer('b'));
    c.set('c', 2, answer('c'));
    c.set('d', 2, answer('d'));
    expect(c.size).toBe(3);
    expect(c.get('a', 1)).toBeUndefined();
    expect(c.get('b', 1)?.body.toString()).toBe('b');
    c.set('big', 2, answer('x'.repeat(11)));
    expect(c.get('big', 2)).toBeUndefined();
  });

  it('names the keys hit at least twice in a second, most hit first', () => {
    const c = createResponseCache();
    for (const k of ['once', 'twice', 'thrice']) c.set(k, 7, answer(k));
    c.get('once', 7);
    c.get('twice', 7); c.get('twice', 7);
    c.get('thrice', 7); c.get('thrice', 7); c.get('thrice', 7);
    expect(c.hot(7, 10)).toEqual(['thrice', 'twice']);
    expect(c.hot(7, 1)).toEqual(['thrice']);
    expect(c.hot(8, 10)).toEqual([]);
  });
});
