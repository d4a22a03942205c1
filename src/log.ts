/** Structured logs: a short msg plus fields (chain, chain_id, number, hash), never interpolated strings. */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = 'info'): Logger {
  return pino({ level, base: { service: 'rollscope' } });
}
