import { describe, expect, it } from 'vitest';
import { COPY_BLOCK_BYTES, CopyText, pooledCopyBlocks } from './copy-blocks.ts';

const textOf = (t: CopyText) => Buffer.concat(t.chunks()).toString('utf8');
const lines = (n: number, seed: string) => Array.from({ length: n }, (_, i) => `${seed}\t${i}\t0x${i.toString(16).padStart(64, '0')}\t${'é😀'.repeat(i % 5)}`);

describe('CopyText', () => {
  it('holds any mix of lines exactly, in order, in chunks of at most one block, never splitting a line', () => {
    const t = new CopyText();
    const all = [...lines(3_000, 'a'), 'ü'.repeat(40_000), 'x'.repeat(3 * COPY_BLOCK_BYTES), ...lines(10, 'b')];
    for (const l of all) t.line(l);
    expect(t.rows).toBe(all.length);
    expect(textOf(t)).toBe(all.map((l) => `${l}\n`).join(''));
    const chunks = t.chunks();
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.filter((c) => c.length > COPY_BLOCK_BYTES).map((c) => c.length)).toEqual([80_001, 3 * COPY_BLOCK_BYTES + 1]);
    for (const c of chunks) {
      expect(c[c.length - 1]).toBe(10);
      if (c.length > COPY_BLOCK_BYTES) expect(c.indexOf(10)).toBe(c.length - 1); // a line longer than a block has a buffer of its own
    }
    t.release();
  });

  it('append puts the other text after this one and empties it', () => {
    const a = new CopyText();
    const b = new CopyText();
    for (const l of lines(500, 'a')) a.line(l);
    for (const l of lines(500, 'b')) b.line(l);
    const expected = [...lines(500, 'a'), ...lines(500, 'b')].map((l) => `${l}\n`).join('');
    a.append(b);
    a.line('last');
    expect(a.rows).toBe(1_001);
    expect(textOf(a)).toBe(`${expected}last\n`);
    expect(b.rows).toBe(0);
    expect(textOf(b)).toBe('');
    a.release();
    b.release();
  });

  it('a released text refuses to be read or written, and its reused blocks never change a text still held', () => {
    const held = new CopyText();
    for (const l of lines(2_000, 'held')) held.line(l);
    const heldText = textOf(held);
    const released = new CopyText();
    for (const l of lines(2_000, 'gone')) released.line(l);
    released.chunks();
    const before = pooledCopyBlocks();
    released.release();
    expect(pooledCopyBlocks()).toBeGreaterThan(before);
    expect(() => released.chunks()).toThrow(/released/);
    expect(() => released.line('x')).toThrow(/released/);
    released.release(); // twice is harmless: the blocks are not pooled twice
    const reuse = new CopyText();
    for (const l of lines(4_000, 'new')) reuse.line(l);
    expect(pooledCopyBlocks()).toBeLessThan(before + 10);
    expect(textOf(held)).toBe(heldText);
    held.release();
    reuse.release();
  });
});
