/**
 * Per-endpoint admission: a token bucket (requests per second, batch items counted one by one)
 * and a bound on requests in flight.
 */
import { sleep } from './retry.ts';

export interface Limiter {
  /** Waits until `cost` tokens and one in-flight slot are available; returns the release function. */
  acquire(cost: number): Promise<() => void>;
}

export function createLimiter({ requestsPerSecond, maxInFlight }: { requestsPerSecond?: number; maxInFlight: number }): Limiter {
  const rate = requestsPerSecond && requestsPerSecond > 0 ? requestsPerSecond : Infinity;
  // Burst of one second's worth of requests.
  let tokens = rate === Infinity ? Infinity : rate;
  let refilledAt = Date.now();
  let inFlight = 0;
  const waiters: (() => void)[] = [];

  const refill = () => {
    if (rate === Infinity) return;
    const now = Date.now();
    tokens = Math.min(rate, tokens + ((now - refilledAt) / 1000) * rate);
    refilledAt = now;
  };

  const slot = async () => {
    if (inFlight < maxInFlight) { inFlight++; return; }
    await new Promise<void>((r) => waiters.push(r));
    // The releaser handed its slot to us (inFlight unchanged).
  };
  const release = () => {
    const next = waiters.shift();
    if (next) next();
    else inFlight--;
  };

  return {
    async acquire(cost) {
      await slot();
      if (rate !== Infinity) {
        const need = Math.min(cost, rate);
        for (;;) {
          refill();
          if (tokens >= need) { tokens -= need; break; }
          await sleep(Math.ceil(((need - tokens) / rate) * 1000));
        }
      }
      let released = false;
      return () => { if (!released) { released = true; release(); } };
    },
  };
}
