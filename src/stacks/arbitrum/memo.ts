/**
 * Decoder state of one range with a read cache: reads see the state committed before the range
 * plus this range's own writes; writes go to DecodeContext.state (committed with the range).
 */
import type { DecodeContext } from '../types.ts';

export function createMemo(ctx: DecodeContext) {
  const local = new Map<string, unknown>();
  return {
    async get<T>(key: string): Promise<T | undefined> {
      if (local.has(key)) return local.get(key) as T | undefined;
      const value = await ctx.state.get<T>(key);
      local.set(key, value);
      return value;
    },
    async set(key: string, value: unknown): Promise<void> {
      local.set(key, value);
      await ctx.state.set(key, value);
    },
  };
}
export type Memo = ReturnType<typeof createMemo>;
