/**
 * Structured errors of the OP Stack derivation codec. Every decoder failure says what was being
 * read, where (a field path and/or byte offset), what was expected and what was found, so a
 * backfill log line is enough to find the offending batcher transaction byte.
 */
export type DerivationErrorCode =
  | 'BLOB_SIZE'
  | 'BLOB_VERSION'
  | 'BLOB_LENGTH'
  | 'BLOB_FIELD_ELEMENT'
  | 'BLOB_EXTRANEOUS_DATA'
  | 'BLOB_INPUT_TOO_LARGE'
  | 'BATCHER_DATA_EMPTY'
  | 'BATCHER_DATA_VERSION'
  | 'ALTDA_COMMITMENT'
  | 'FRAME_TRUNCATED'
  | 'FRAME_TOO_LARGE'
  | 'FRAME_IS_LAST'
  | 'FRAME_NONE'
  | 'CHANNEL_COMPRESSION'
  | 'CHANNEL_DECOMPRESSION'
  | 'CHANNEL_LIMIT'
  | 'RLP'
  | 'BATCH_EMPTY'
  | 'BATCH_TYPE'
  | 'SINGULAR_BATCH'
  | 'SPAN_BATCH'
  | 'SPAN_BATCH_TOO_BIG'
  | 'SPAN_BATCH_TX'
  | 'VARINT'
  | 'INTEGER_RANGE'
  | 'ENCODE'
  | 'ASSEMBLER_STATE'
  | 'ASSEMBLER_ORDER';

export interface DerivationErrorDetails {
  /** Field path or stage, e.g. `frame[1].frame_data_length` or `blob.field_element[37]`. */
  where: string;
  /** Byte offset in the input being decoded, when meaningful. */
  offset?: number;
  expected?: string;
  actual?: string;
  cause?: unknown;
}

export class DerivationError extends Error {
  override readonly name = 'DerivationError';
  readonly code: DerivationErrorCode;
  readonly where: string;
  readonly offset?: number;
  readonly expected?: string;
  readonly actual?: string;

  constructor(code: DerivationErrorCode, what: string, details: DerivationErrorDetails) {
    const parts = [`${what} at ${details.where}`];
    if (details.offset !== undefined) parts.push(`(byte ${details.offset})`);
    if (details.expected !== undefined) parts.push(`expected ${details.expected}`);
    if (details.actual !== undefined) parts.push(`got ${details.actual}`);
    super(parts.join(', ').replace(', (byte', ' (byte'), { cause: details.cause });
    this.code = code;
    this.where = details.where;
    this.offset = details.offset;
    this.expected = details.expected;
    this.actual = details.actual;
  }
}

export function isDerivationError(e: unknown, code?: DerivationErrorCode): e is DerivationError {
  return e instanceof DerivationError && (code === undefined || e.code === code);
}

/**
 * Rethrows a DerivationError raised inside a hot loop with the element's path (`where`), so loops
 * need not build a path string per element. Other errors pass through unchanged.
 */
export function rethrowAt(e: unknown, where: string): never {
  if (e instanceof DerivationError && !e.where.startsWith(where)) {
    throw new DerivationError(e.code, e.message.slice(0, e.message.indexOf(' at ')) || e.message, {
      where,
      offset: e.offset,
      expected: e.expected,
      actual: e.actual,
      cause: e,
    });
  }
  throw e;
}
