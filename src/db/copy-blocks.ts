/**
 * COPY text written straight into reused byte blocks. Each encoded row is one short string (young
 * generation, cheap) written into a 64 KB block; the blocks go back to a pool once their COPY is
 * sent. So the write path makes no large string, no large fresh Buffer and no external memory per
 * range: on a VM, where each first touch of a page costs a fault, that was most of the encode's
 * time, and external memory drove V8's mark-compacts.
 *
 * Invariant: a pooled block belongs to one CopyText until that CopyText is released; a released
 * CopyText refuses to be read (its chunks would be another range's rows by then).
 */

/** Bytes per block: below glibc's mmap threshold, so postgres.js's copy of a chunk (CopyData) comes from malloc's arena. */
export const COPY_BLOCK_BYTES = 64 * 1024;
/** Blocks the pool keeps (16 MB): about three dense ranges' facts; blocks beyond are left to the GC. */
const POOL_MAX = 256;

const pool: Buffer[] = [];

const takeBlock = (): Buffer => pool.pop() ?? Buffer.allocUnsafeSlow(COPY_BLOCK_BYTES);

/** COPY text in chunks (views of blocks), one row per line. */
export class CopyText {
  /** Rows written. */
  rows = 0;
  private readonly done: Buffer[] = [];
  /** Pooled blocks in use (chunks are views of them); lines longer than a block get a buffer of their own. */
  private readonly owned: Buffer[] = [];
  private block: Buffer | undefined;
  private pos = 0;
  private released = false;

  /** Appends one row: `line` (fields joined by tabs, COPY-escaped) and a newline. */
  line(text: string): void {
    if (this.released) throw new Error('COPY text was released; encode the rows again');
    let block = this.block;
    // 3 bytes per UTF-16 unit bound the UTF-8 length; measure only when that bound does not fit.
    if (block === undefined || block.length - this.pos < 3 * text.length + 1) {
      const bytes = Buffer.byteLength(text, 'utf8') + 1;
      if (block === undefined || block.length - this.pos < bytes) block = this.nextBlock(bytes);
    }
    this.pos += block.write(text, this.pos, 'utf8');
    block[this.pos++] = 10;
    this.rows++;
  }

  /** Appends the chunks of `other` (written after this one's); `other` is emptied. */
  append(other: CopyText): void {
    this.seal();
    other.seal();
    this.done.push(...other.done);
    this.owned.push(...other.owned);
    this.rows += other.rows;
    other.done.length = 0;
    other.owned.length = 0;
    other.rows = 0;
  }

  /** The text as chunks, in order (views of the blocks: valid until release). */
  chunks(): readonly Buffer[] {
    if (this.released) throw new Error('COPY text was released; encode the rows again');
    this.seal();
    return this.done;
  }

  /** Gives the blocks back to the pool. Call once nothing reads the chunks any more (the COPY was sent, or dropped). */
  release(): void {
    if (this.released) return;
    this.released = true;
    for (const b of this.owned) if (b.length === COPY_BLOCK_BYTES && pool.length < POOL_MAX) pool.push(b);
    if (this.block && pool.length < POOL_MAX) pool.push(this.block);
    this.owned.length = 0;
    this.done.length = 0;
    this.block = undefined;
  }

  /** Ends the current block: what it holds becomes a chunk. */
  private seal(): void {
    const block = this.block;
    if (block === undefined) return;
    this.block = undefined;
    if (this.pos === 0) {
      if (pool.length < POOL_MAX) pool.push(block);
      return;
    }
    this.done.push(block.subarray(0, this.pos));
    this.owned.push(block);
    this.pos = 0;
  }

  private nextBlock(bytes: number): Buffer {
    this.seal();
    const block = bytes > COPY_BLOCK_BYTES ? Buffer.allocUnsafeSlow(bytes) : takeBlock();
    this.block = block;
    this.pos = 0;
    return block;
  }
}

/** Blocks waiting in the pool (for tests). */
export const pooledCopyBlocks = (): number => pool.length;
