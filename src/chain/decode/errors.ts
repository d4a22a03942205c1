/**
 * Errors of the fast decoders. A decode error is never retryable: the same bytes give the same
 * failure, so it says what was being decoded, where it came from and what was expected.
 */

/** Where a log came from, for error messages (every field optional: callers may decode bare logs). */
export interface LogOrigin {
  address?: string | null;
  blockNumber?: number | bigint | null;
  transactionHash?: string | null;
  logIndex?: number | null;
}

export interface LogDecodeErrorDetails extends LogOrigin {
  /** Event name and canonical signature, e.g. `SequencerBatchDelivered(uint256,...)`. */
  event: string;
  signature: string;
  reason: string;
  expected?: string;
  actual?: string;
}

export class LogDecodeError extends Error {
  override readonly name = 'LogDecodeError';
  readonly details: LogDecodeErrorDetails;
  constructor(details: LogDecodeErrorDetails, options?: { cause?: unknown }) {
    const where = [
      details.blockNumber != null ? `block ${details.blockNumber}` : undefined,
      details.transactionHash ? `tx ${details.transactionHash}` : undefined,
      details.logIndex != null ? `log ${details.logIndex}` : undefined,
      details.address ? `address ${details.address}` : undefined,
    ].filter(Boolean).join(', ');
    const wanted = details.expected ? `; expected ${details.expected}${details.actual ? `, got ${details.actual}` : ''}` : '';
    super(`Cannot decode ${details.event} log${where ? ` (${where})` : ''}: ${details.reason}${wanted}`, options);
    this.details = details;
  }
}

export class CallDecodeError extends Error {
  override readonly name = 'CallDecodeError';
  constructor(
    readonly details: { function: string; signature: string; reason: string; transactionHash?: string; expected?: string; actual?: string },
    options?: { cause?: unknown },
  ) {
    const where = details.transactionHash ? ` (tx ${details.transactionHash})` : '';
    const wanted = details.expected ? `; expected ${details.expected}${details.actual ? `, got ${details.actual}` : ''}` : '';
    super(`Cannot decode call to ${details.signature}${where}: ${details.reason}${wanted}`, options);
  }
}

/**
 * Internal: thrown by word readers when an offset or length points outside the data. The compiled
 * decoders catch it and rethrow a LogDecodeError / CallDecodeError carrying the log's origin.
 */
export class DataBoundsError extends Error {
  override readonly name = 'DataBoundsError';
  constructor(readonly reason: string, readonly expected?: string, readonly actual?: string) {
    super(reason);
  }
}
