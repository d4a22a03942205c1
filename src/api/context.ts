import type { Database } from '../db/client.ts';

/** What every resolver receives. */
export interface ApiContext {
  db: Database;
}
