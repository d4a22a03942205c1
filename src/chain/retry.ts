/**
 * Exponential backoff with full jitter for retryable errors (see errors.ts: the one place that
 * decides what is retryable). Range-limit errors are never retried here: the caller shrinks.
 */
import { ChainError, isRetryable } from './errors.ts';

export interface RetryOptions {
  /** Total attempts including the first (default 6). */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Called before each wait with the error that caused it. */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  /** Overrides the retry decision (default: isRetryable and not a range limit). */
  shouldRetry?: (err: unknown) => boolean;
}

export const defaultShouldRetry = (err: unknown): boolean =>
  isRetryable(err) && !(err instanceof ChainError && err.kind === 'range_limit');

export function backoffDelay(attempt: number, baseDelayMs = 200, maxDelayMs = 10_000): number {
  const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + Math.random() * (cap / 2));
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 6;
  const shouldRetry = opts.shouldRetry ?? defaultShouldRetry;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= attempts || !shouldRetry(err)) throw err;
      const delay = backoffDelay(attempt, opts.baseDelayMs, opts.maxDelayMs);
      opts.onRetry?.(err, attempt, delay);
      await sleep(delay);
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
