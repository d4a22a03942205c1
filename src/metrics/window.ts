/** Time windows of the API: presets ending now, or any [from, to). Times are unix seconds. */
export type WindowPreset = 'H1' | 'H24' | 'D7' | 'D30';

export const PRESET_SECONDS: Record<WindowPreset, number> = { H1: 3_600, H24: 86_400, D7: 604_800, D30: 2_592_000 };

/** Longest window a query may ask for (bounds the work of one request). */
export const MAX_WINDOW_SECONDS = 90 * 86_400;

export interface Window {
  from: number;
  to: number;
  preset: WindowPreset | null;
}

export class WindowError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'WindowError';
  }
}

/**
 * [from, to): `last` (default H24) ending at `to` (default now), or explicit from/to. from < to
 * and to − from ≤ MAX_WINDOW_SECONDS, else a WindowError naming the bad bound.
 */
export function resolveWindow(input: { last?: WindowPreset | null; from?: number | null; to?: number | null } | null | undefined, now: number): Window {
  const to = input?.to ?? now;
  if (input?.from !== undefined && input?.from !== null) {
    const from = input.from;
    if (from >= to) throw new WindowError(`window.from (${iso(from)}) must be before window.to (${iso(to)})`, { from: iso(from), to: iso(to) });
    if (to - from > MAX_WINDOW_SECONDS) {
      throw new WindowError(`window spans ${Math.ceil((to - from) / 86_400)} days; at most ${MAX_WINDOW_SECONDS / 86_400} days are allowed`, { from: iso(from), to: iso(to), maxDays: MAX_WINDOW_SECONDS / 86_400 });
    }
    return { from, to, preset: null };
  }
  const preset = input?.last ?? 'H24';
  return { from: to - PRESET_SECONDS[preset], to, preset };
}

const iso = (s: number) => new Date(s * 1000).toISOString();
