/**
 * Errors of the chain boundary, in two branches: retryable (the same request may succeed later or
 * on another endpoint) and fatal (retrying cannot help). Retry policy is decided here, by type, in
 * one place (`isRetryable`); callers never parse messages.
 */

export type RetryableKind =
  | 'timeout'
  | 'rate_limit'
  | 'http_5xx'
  | 'network'
  | 'malformed'
  | 'rpc'
  | 'inconsistent'
  | 'lagging'
  | 'range_limit'
  | 'stale_fork';

export type FatalKind = 'chain_id' | 'bad_request' | 'config' | 'deep_reorg' | 'state_unavailable';

export type ChainErrorKind = RetryableKind | FatalKind;

const retryableKinds = new Set<ChainErrorKind>([
  'timeout', 'rate_limit', 'http_5xx', 'network', 'malformed', 'rpc', 'inconsistent', 'lagging', 'range_limit', 'stale_fork',
]);

export interface ChainErrorDetails {
  kind: ChainErrorKind;
  /** What failed, e.g. `eth_getLogs`. */
  what: string;
  /** Where: chain id, endpoint index, block range. */
  where?: Record<string, unknown>;
  /** What the answer should have been. */
  expected?: string;
  cause?: unknown;
}

export class ChainError extends Error {
  readonly kind: ChainErrorKind;
  readonly what: string;
  readonly where: Record<string, unknown>;
  readonly expected?: string;
  /** Set once a metrics observer counted this error (so retries up the stack do not count it again). */
  observed = false;
  constructor(shortMessage: string, details: ChainErrorDetails) {
    super(shortMessage, { cause: details.cause });
    this.name = retryableKinds.has(details.kind) ? 'RetryableChainError' : 'FatalChainError';
    this.kind = details.kind;
    this.what = details.what;
    this.where = details.where ?? {};
    this.expected = details.expected;
  }
  get retryable(): boolean {
    return retryableKinds.has(this.kind);
  }
  override toString(): string {
    const where = Object.entries(this.where).map(([k, v]) => `${k}=${String(v)}`).join(' ');
    return `${this.name}[${this.kind}] ${this.message} (${this.what}${where ? ` ${where}` : ''}${this.expected ? `; expected ${this.expected}` : ''})`;
  }
}

/** The node refused a block range as too large or answering too many results: shrink and retry. */
export class RangeLimitError extends ChainError {
  /** A range the provider suggested (some say "try with this block range [a, b]"). */
  readonly suggestedTo?: number;
  /** The size the answer declared (Content-Length) when it was refused for its size. */
  readonly answerBytes?: number;
  /** The size limit the answer exceeded. */
  readonly maxBytes?: number;
  constructor(message: string, details: Omit<ChainErrorDetails, 'kind'> & { suggestedTo?: number; answerBytes?: number; maxBytes?: number }) {
    super(message, { ...details, kind: 'range_limit' });
    this.suggestedTo = details.suggestedTo;
    this.answerBytes = details.answerBytes;
    this.maxBytes = details.maxBytes;
  }
}

/** The single retry decision: chain errors by kind; unknown errors (bugs, DB errors) are retried by the job layer only. */
export function isRetryable(err: unknown): boolean {
  return err instanceof ChainError && err.retryable;
}

export function errorKind(err: unknown): ChainErrorKind | 'unknown' {
  return err instanceof ChainError ? err.kind : 'unknown';
}

/** Provider messages that mean "make the range smaller" (Alchemy, Infura, QuickNode, geth, erigon, reth, anvil). */
const rangeLimitPatterns = [
  /query returned more than \d+ results/i,
  /block range (is )?too (large|wide|big)/i,
  /range (is )?too large/i,
  /exceed(s|ed)? (the )?(maximum )?(block )?range/i,
  /limit(ed)? to (a )?[\d,]+ (block )?range/i,
  /limit(ed)? to (a )?[\d,]+ block/i,
  /response size (is )?(larger|exceed)/i,
  /log response size exceeded/i,
  /too many (logs|results)/i,
  /max(imum)? results/i,
  /\b10000\b.*results/i,
  /query timeout exceeded/i,
];

export function isRangeLimitMessage(message: string): boolean {
  return rangeLimitPatterns.some((re) => re.test(message));
}

/** Alchemy-style hint: "this block range should work: [0x1, 0x2]". */
export function suggestedRangeEnd(message: string): number | undefined {
  const m = /\[\s*(0x[0-9a-f]+)\s*,\s*(0x[0-9a-f]+)\s*\]/i.exec(message);
  return m ? Number(BigInt(m[2])) : undefined;
}

/** JSON-RPC error codes that are transient on public providers. */
const retryableRpcCodes = new Set([-32000, -32002, -32005, -32603, 429]);

/** Classifies a JSON-RPC error object from a node. */
export function classifyRpcError(error: { code?: number; message?: string }, what: string, where: Record<string, unknown>): ChainError {
  const message = String(error.message ?? 'unknown JSON-RPC error');
  if (isRangeLimitMessage(message)) return new RangeLimitError(message, { what, where, suggestedTo: suggestedRangeEnd(message) });
  if (error.code === 429 || /rate limit|too many requests|capacity|exceeded.*(quota|limit)/i.test(message)) {
    return new ChainError(message, { kind: 'rate_limit', what, where });
  }
  if (/missing trie node|historical state .*(not available|unavailable)|state (is )?(not available|unavailable|pruned)|pruned/i.test(message)) {
    return new ChainError(message, { kind: 'state_unavailable', what, where, expected: 'an archive node (historical state)' });
  }
  if (/header not found|unknown block|block not found|not (yet )?(synced|available)/i.test(message)) {
    return new ChainError(message, { kind: 'lagging', what, where, expected: 'the node to know the requested block' });
  }
  if (error.code === -32601 || error.code === -32602 || error.code === -32600) {
    return new ChainError(message, { kind: 'bad_request', what, where });
  }
  if (error.code !== undefined && retryableRpcCodes.has(error.code)) return new ChainError(message, { kind: 'rpc', what, where });
  if (/execution reverted|revert/i.test(message)) return new ChainError(message, { kind: 'bad_request', what, where });
  return new ChainError(message, { kind: 'rpc', what, where });
}
