/**
 * graphql-armor rejects oversized queries with "Syntax Error: <limit> exceeded" and no code. This
 * plugin (placed after armor) drops the misleading prefix and adds a stable code:
 * COST_LIMIT, DEPTH_LIMIT, ALIAS_LIMIT, TOKEN_LIMIT, DIRECTIVE_LIMIT. Note that armor's cost counts
 * a literal `first: n` as n copies of the selection, so huge literal page sizes fail here.
 */
import type { GraphQLError, ValidationContext } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

const LIMITS: [RegExp, string][] = [
  [/^Syntax Error: (Query Cost limit .*)$/s, 'COST_LIMIT'],
  [/^Syntax Error: (Query depth limit .*)$/s, 'DEPTH_LIMIT'],
  [/^Syntax Error: (Aliases limit .*)$/s, 'ALIAS_LIMIT'],
  [/^Syntax Error: (Token limit .*)$/s, 'TOKEN_LIMIT'],
  [/^Syntax Error: (Directives limit .*)$/s, 'DIRECTIVE_LIMIT'],
];

/** The error with the prefix dropped and a code, or the error itself (duck-typed: armor may use another graphql copy). */
export function withLimitCode(e: unknown): unknown {
  const message = (e as { message?: unknown } | null)?.message;
  if (typeof message !== 'string') return e;
  for (const [re, code] of LIMITS) {
    const m = re.exec(message);
    if (m) return createGraphQLError(m[1], { extensions: { code } });
  }
  return e;
}

/**
 * armor `onReject` handler for the validation-time limits (used with propagateOnRejection: false):
 * reports the coded error through the validation context instead of throwing the prefixed one.
 */
export const reportLimit = (ctx: ValidationContext | null, err: GraphQLError) => {
  ctx?.reportError(withLimitCode(err) as GraphQLError);
};

export function limitErrorsPlugin(): Plugin {
  return {
    onParse() {
      return ({ result, replaceParseResult }) => {
        if (result instanceof Error) replaceParseResult(withLimitCode(result) as Error);
      };
    },
    onValidate() {
      return ({ result, setResult }) => {
        if (result.length) setResult(result.map((e) => withLimitCode(e) as GraphQLError));
      };
    },
  };
}
