/** BigInt (decimal strings) and DateTime (ISO-8601 UTC; unix seconds accepted internally). */
import { GraphQLScalarType, Kind } from 'graphql';
import { userError } from './errors.ts';

function parseBigInt(v: unknown): bigint {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d{1,80}$/.test(v)) return BigInt(v);
  throw userError('BAD_BIGINT', `BigInt must be an integer or a string of decimal digits, got ${JSON.stringify(v)?.slice(0, 100)}`);
}

export const BigIntScalar = new GraphQLScalarType({
  name: 'BigInt',
  description: 'An integer of any size, as a decimal string.',
  serialize: (v) => (typeof v === 'bigint' || typeof v === 'number' ? v.toString() : String(v)),
  parseValue: (v) => parseBigInt(v),
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT) return parseBigInt(ast.value);
    throw userError('BAD_BIGINT', 'BigInt must be an integer or a string of decimal digits');
  },
});

/** Parsed DateTime values are unix seconds (whole, rounded down). */
function parseDateTime(v: unknown): number {
  const d = typeof v === 'string' && v.length <= 64 ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw userError('BAD_DATETIME', `DateTime must be an ISO-8601 string, got ${JSON.stringify(v)?.slice(0, 100)}`);
  return Math.floor(d.getTime() / 1000);
}

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'ISO-8601 date-time in UTC.',
  serialize: (v) => (v instanceof Date ? v : new Date(typeof v === 'number' ? v * 1000 : String(v))).toISOString(),
  parseValue: (v) => parseDateTime(v),
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? parseDateTime(ast.value) : parseDateTime(undefined)),
});
