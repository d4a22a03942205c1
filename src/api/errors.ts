/** Client errors with a stable code; everything else is masked by yoga (no stack traces leak). */
import { createGraphQLError } from 'graphql-yoga';

export function userError(code: string, message: string, details: Record<string, unknown> = {}) {
  return createGraphQLError(message, { extensions: { code, ...details } });
}
