/** Writes the configured rollup definitions into `rollups` (the API reads them from there). */
import type { Queryable } from './client.ts';
import type { RollupDefinition } from '../rollups/types.ts';

export async function upsertRollups(db: Queryable, definitions: RollupDefinition[]): Promise<void> {
  for (const d of definitions) {
    await db.query(
      `insert into rollups (id, name, stack, l1_chain_id, l2_chain_id, definition)
       values ($1, $2, $3, $4, $5, $6::jsonb)
       on conflict (id) do update set name = excluded.name, stack = excluded.stack, l1_chain_id = excluded.l1_chain_id,
         l2_chain_id = excluded.l2_chain_id, definition = excluded.definition, updated_at = now()`,
      [d.id, d.name, d.stack, d.l1ChainId, d.l2ChainId, JSON.stringify(d)],
    );
  }
}
