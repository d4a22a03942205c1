/** Loads the public GraphQL contract (schema/*.graphql) and binds it to the resolvers. */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createSchema } from 'graphql-yoga';
import { resolvers } from './resolvers/index.ts';
import type { ApiContext } from './context.ts';

export const schemaFolder = fileURLToPath(new URL('../../schema', import.meta.url));

export function loadTypeDefs(): string[] {
  return readdirSync(schemaFolder)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(join(schemaFolder, f), 'utf8'));
}

export function buildSchema() {
  return createSchema<ApiContext>({ typeDefs: loadTypeDefs(), resolvers });
}
