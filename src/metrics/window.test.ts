import { describe, expect, it } from 'vitest';
import { resolveWindow, WindowError } from './window.ts';

describe('windows', () => {
  const now = 1_700_000_000;
  it('defaults to the last 24 h and supports presets', () => {
    expect(resolveWindow(undefined, now)).toEqual({ from: now - 86_400, to: now, preset: 'H24' });
    expect(resolveWindow({ last: 'H1' }, now)).toEqual({ from: now - 3_600, to: now, preset: 'H1' });
    expect(resolveWindow({ last: 'D30', to: now - 10 }, now)).toEqual({ from: now - 10 - 2_592_000, to: now - 10, preset: 'D30' });
  });
  it('accepts any from/to and rejects inverted or oversized ones', () => {
    expect(resolveWindow({ from: now - 5, to: now }, now)).toEqual({ from: now - 5, to: now, preset: null });
    expect(() => resolveWindow({ from: now, to: now }, now)).toThrow(WindowError);
    expect(() => resolveWindow({ from: now - 91 * 86_400 }, now)).toThrow(/at most 90 days/);
  });
});
