/** Client errors with a stable code; everything else is masked by yoga (no stack traces leak). */
import { GraphQLError } from 'graphql';

export function userError(code: string, message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}
