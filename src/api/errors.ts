/**
 * Client errors with a stable code; everything else is masked by yoga as "Unexpected error." (no
 * stack traces or SQL leak). Codes:
 *   UNKNOWN_ROLLUP, UNKNOWN_CHAIN, BATCH_NOT_FOUND, L1_BLOCK_OUT_OF_RANGE, L2_BLOCK_OUT_OF_RANGE,
 *   BAD_CURSOR, PAGE_TOO_LARGE, BAD_PAGE_SIZE, BAD_WINDOW, BAD_FILTER, BAD_QUANTILE, BAD_ARGUMENT,
 *   BAD_BIGINT, BAD_DATETIME, REQUEST_TOO_LARGE.
 */
import { createGraphQLError } from 'graphql-yoga';

export function userError(code: string, message: string, details: Record<string, unknown> = {}) {
  return createGraphQLError(message, { extensions: { code, ...details } });
}

export const unknownRollup = (id: string) => userError('UNKNOWN_ROLLUP', `No rollup with id ${JSON.stringify(id)} is configured`, { id });
