/**
 * The force-inclusion window (SequencerInbox.maxTimeVariation) in force at given L1 blocks, read
 * with as few eth_calls as possible: blocks are split into runs at the blocks where the inbox
 * announced a change (MaxTimeVariationSet / OwnerFunctionCalled / BufferConfigSet), each run is
 * read at both ends and bisected only when the ends differ. Every read is cached per block.
 */
export interface ForceInclusionWindow {
  delayBlocks: bigint;
  futureBlocks: bigint;
  delaySeconds: bigint;
  futureSeconds: bigint;
}

const same = (a: ForceInclusionWindow, b: ForceInclusionWindow) =>
  a.delayBlocks === b.delayBlocks && a.delaySeconds === b.delaySeconds && a.futureBlocks === b.futureBlocks && a.futureSeconds === b.futureSeconds;

/**
 * @param blocks L1 blocks to resolve (any order, duplicates allowed)
 * @param changeBlocks blocks holding a change announcement; a change at block c splits runs between c−1 and c
 * @param read the window at a block (state after that block, as eth_call at blockNumber)
 */
export async function windowsAtBlocks(
  blocks: readonly number[],
  changeBlocks: readonly number[],
  read: (block: number) => Promise<ForceInclusionWindow>,
): Promise<Map<number, ForceInclusionWindow>> {
  const sorted = [...new Set(blocks)].sort((a, b) => a - b);
  const changes = [...new Set(changeBlocks)].sort((a, b) => a - b);
  const cache = new Map<number, Promise<ForceInclusionWindow>>();
  const at = (block: number) => {
    let p = cache.get(block);
    if (!p) cache.set(block, (p = read(block)));
    return p;
  };
  const out = new Map<number, ForceInclusionWindow>();

  async function resolve(run: number[], lo: number, hi: number): Promise<void> {
    const [a, b] = await Promise.all([at(run[lo]!), at(run[hi]!)]);
    if (same(a, b)) {
      for (let i = lo; i <= hi; i++) out.set(run[i]!, a);
      return;
    }
    if (hi - lo <= 1) {
      out.set(run[lo]!, a);
      out.set(run[hi]!, b);
      return;
    }
    const mid = (lo + hi) >> 1;
    await resolve(run, lo, mid);
    await resolve(run, mid, hi);
  }

  const runs: number[][] = [];
  let c = 0;
  for (const block of sorted) {
    let split = runs.length === 0;
    while (c < changes.length && changes[c]! <= block) {
      if (runs.length && changes[c]! > runs[runs.length - 1]!.at(-1)!) split = true;
      c++;
    }
    if (split) runs.push([block]);
    else runs[runs.length - 1]!.push(block);
  }
  await Promise.all(runs.map((run) => resolve(run, 0, run.length - 1)));
  return out;
}
