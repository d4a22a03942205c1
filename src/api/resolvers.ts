import { GraphQLScalarType, Kind } from 'graphql';
import { asc, eq } from 'drizzle-orm';
import { rollups } from '../db/schema/index.ts';
import type { ApiContext } from './context.ts';
import { userError } from './errors.ts';

type RollupRow = typeof rollups.$inferSelect;

const BigIntScalar = new GraphQLScalarType({
  name: 'BigInt',
  description: 'An integer of any size, as a decimal string.',
  serialize: (v) => (typeof v === 'bigint' || typeof v === 'number' ? v.toString() : String(v)),
  parseValue: (v) => parseBigInt(v),
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT) return parseBigInt(ast.value);
    throw userError('BAD_BIGINT', 'BigInt must be an integer or a string of decimal digits');
  },
});

function parseBigInt(v: unknown): bigint {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  throw userError('BAD_BIGINT', `BigInt must be an integer or a string of decimal digits, got ${JSON.stringify(v)}`);
}

const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'ISO-8601 date-time in UTC.',
  serialize: (v) => (v instanceof Date ? v : new Date(typeof v === 'number' ? v * 1000 : String(v))).toISOString(),
  parseValue: (v) => parseDateTime(v),
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? parseDateTime(ast.value) : parseDateTime(undefined)),
});

function parseDateTime(v: unknown): Date {
  const d = typeof v === 'string' ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw userError('BAD_DATETIME', `DateTime must be an ISO-8601 string, got ${JSON.stringify(v)}`);
  return d;
}

export const resolvers = {
  BigInt: BigIntScalar,
  DateTime: DateTimeScalar,
  Query: {
    rollups: (_: unknown, __: unknown, { db }: ApiContext) => db.orm.select().from(rollups).orderBy(asc(rollups.id)),
    rollup: async (_: unknown, { id }: { id: string }, { db }: ApiContext) => {
      const [row] = await db.orm.select().from(rollups).where(eq(rollups.id, id));
      if (!row) throw userError('UNKNOWN_ROLLUP', `No rollup with id ${JSON.stringify(id)} is configured`, { id });
      return row;
    },
  },
  Rollup: {
    stack: (r: RollupRow) => r.stack.toUpperCase(),
    startBlock: (r: RollupRow) => (r.definition as { startBlock: number }).startBlock,
  },
};
