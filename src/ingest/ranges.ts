/** Pure arithmetic on inclusive block ranges [from, to]. */

export type BlockRange = readonly [from: number, to: number];

/** Sorted, overlapping or adjacent ranges merged. */
export function mergeRanges(ranges: readonly BlockRange[]): BlockRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [f, t] of sorted) {
    const last = out[out.length - 1];
    if (last && f <= last[1] + 1) last[1] = Math.max(last[1], t);
    else out.push([f, t]);
  }
  return out;
}

/** Parts of [from, to] not covered by `done`. */
export function gaps(done: readonly BlockRange[], from: number, to: number): BlockRange[] {
  if (to < from) return [];
  const out: BlockRange[] = [];
  let cursor = from;
  for (const [f, t] of mergeRanges(done)) {
    if (t < cursor) continue;
    if (f > to) break;
    if (f > cursor) out.push([cursor, Math.min(f - 1, to)]);
    cursor = Math.max(cursor, t + 1);
    if (cursor > to) break;
  }
  if (cursor <= to) out.push([cursor, to]);
  return out;
}

/** Last block b such that [from, b] is fully covered (from − 1 when nothing is). */
export function contiguousFrontier(done: readonly BlockRange[], from: number): number {
  let frontier = from - 1;
  for (const [f, t] of mergeRanges(done)) {
    if (f > frontier + 1) break;
    frontier = Math.max(frontier, t);
  }
  return frontier;
}

/** Number of blocks of [from, to] covered by `done`. */
export function coveredCount(done: readonly BlockRange[], from: number, to: number): number {
  if (to < from) return 0;
  let n = 0;
  for (const [f, t] of mergeRanges(done)) {
    const a = Math.max(f, from);
    const b = Math.min(t, to);
    if (b >= a) n += b - a + 1;
  }
  return n;
}

/** Splits ranges at multiples of `span` (chunk k covers [k·span, (k+1)·span − 1]). */
export function splitAligned(ranges: readonly BlockRange[], span: number): { chunk: number; range: BlockRange }[] {
  const out: { chunk: number; range: BlockRange }[] = [];
  for (const [f, t] of ranges) {
    for (let k = Math.floor(f / span); k * span <= t; k++) {
      out.push({ chunk: k, range: [Math.max(f, k * span), Math.min(t, (k + 1) * span - 1)] });
    }
  }
  return out;
}
