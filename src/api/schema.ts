/** Loads the public GraphQL contract (schema/*.graphql) and binds it to the resolvers. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createSchema } from 'graphql-yoga';
import { resolvers } from './resolvers/index.ts';
import type { ApiContext } from './context.ts';
import { packageRoot } from '../paths.ts';

export const schemaFolder = join(packageRoot, 'schema');

export function loadTypeDefs(): string[] {
  return readdirSync(schemaFolder)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(join(schemaFolder, f), 'utf8'));
}

export function buildSchema() {
  return createSchema<ApiContext>({ typeDefs: loadTypeDefs(), resolvers });
}
