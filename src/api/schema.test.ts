/** The SDL is the public contract: it builds with the resolvers and describes every type, field and enum value. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type DefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema, schemaFolder } from './schema.ts';

describe('schema/schema.graphql', () => {
  it('describes every type, field and enum value', () => {
    const doc = parse(readFileSync(join(schemaFolder, 'schema.graphql'), 'utf8'));
    const missing: string[] = [];
    for (const d of doc.definitions as (DefinitionNode & { name?: { value: string }; description?: unknown; fields?: any[]; values?: any[] })[]) {
      if (!d.name) continue;
      if (!d.description) missing.push(d.name.value);
      for (const f of [...(d.fields ?? []), ...(d.values ?? [])]) if (!f.description) missing.push(`${d.name.value}.${f.name.value}`);
    }
    expect(missing).toEqual([]);
  });

  it('builds together with the resolvers', () => {
    const schema = buildSchema();
    expect(schema.getQueryType()?.getFields()).toHaveProperty('l2Block');
    expect(schema.getSubscriptionType()?.getFields()).toHaveProperty('healthChanged');
  });
});
