/** All resolvers of schema/*.graphql. */
import { BigIntScalar, DateTimeScalar } from '../scalars.ts';
import { nodeResolvers } from './nodes.ts';
import { queryResolvers } from './query.ts';
import { rollupResolvers } from './rollup.ts';
import { subscriptionResolvers } from './subscriptions.ts';
import { governanceResolversOver } from './governance.ts';

export const resolvers = {
  BigInt: BigIntScalar,
  DateTime: DateTimeScalar,
  ...queryResolvers,
  ...rollupResolvers,
  ...governanceResolversOver(rollupResolvers),
  ...nodeResolvers,
  ...subscriptionResolvers,
};
