/**
 * Test helpers (used by the API tests and bench/api.ts): fact rows shaped like the ground truth the
 * devnet simulator writes, written with writeFacts, and an API server on a free port with a
 * controllable clock.
 */
import { Registry } from 'prom-client';
import type { Database, Queryable, Transaction } from '../db/client.ts';
import { upsertRollups } from '../db/rollups.ts';
import * as s from '../db/schema/index.ts';
import { writeFacts } from '../db/write.ts';
import { createLogger } from '../log.ts';
import type { RollupDefinition } from '../rollups/types.ts';
import { createApiServer, type ApiServer, type ApiTuning } from './server.ts';

export interface At {
  block: number;
  time: number;
  tx?: number;
  log?: number;
  sub?: number;
  chainId?: number;
}

export const hashOf = (n: number, salt = 0) => `0x${(n * 16 + salt).toString(16).padStart(64, '0')}`;
export const txHashOf = (block: number, tx: number) => `0x${(block * 1_000 + tx).toString(16).padStart(63, '0')}f`;

export function prov(at: At) {
  return {
    chainId: at.chainId ?? 31_337,
    blockNumber: at.block,
    blockHash: hashOf(at.block),
    blockTime: at.time,
    txHash: txHashOf(at.block, at.tx ?? 0),
    txIndex: at.tx ?? 0,
    logIndex: at.log ?? 0,
    subIndex: at.sub ?? 0,
  };
}

type Batch = typeof s.sequencerBatches.$inferInsert;
type Root = typeof s.stateRoots.$inferInsert;
type RootEvent = typeof s.stateRootEvents.$inferInsert;
type Challenge = typeof s.challenges.$inferInsert;
type Move = typeof s.challengeMoves.$inferInsert;
type Forced = typeof s.forcedMessages.$inferInsert;
type Bridge = typeof s.bridgeMessages.$inferInsert;

export const batchRow = (rollupId: string, at: At, f: Partial<Batch> & { batchNumber: string }): Batch => ({
  ...prov(at),
  rollupId,
  submitter: '0xc1b634853cb333d3ad8663715b08f41a3aec47cc',
  dataLocation: 'CALLDATA',
  bytesPosted: 1_000,
  blobCount: 0,
  forced: false,
  ...f,
});

export const rootRow = (rollupId: string, at: At, f: Partial<Root> & Pick<Root, 'kind' | 'rootIndex'>): Root => ({
  ...prov(at),
  rollupId,
  root: `0x${'ab'.repeat(32)}`,
  proposer: '0x473300df21d047806a082244b417f96b32f13a33',
  ...f,
});

export const rootEventRow = (rollupId: string, at: At, f: Pick<RootEvent, 'kind' | 'rootIndex' | 'status'> & Partial<RootEvent>): RootEvent => ({ ...prov(at), rollupId, ...f });
export const challengeRow = (rollupId: string, at: At, f: Pick<Challenge, 'challengeId' | 'type'> & Partial<Challenge>): Challenge => ({ ...prov(at), rollupId, ...f });
export const moveRow = (rollupId: string, at: At, f: Pick<Move, 'challengeId' | 'action'> & Partial<Move>): Move => ({ ...prov(at), rollupId, ...f });
export const forcedRow = (rollupId: string, at: At, f: Partial<Forced> & { queueIndex: string }): Forced => ({ ...prov(at), rollupId, kind: 'L1_MESSAGE', ...f });
export const bridgeRow = (rollupId: string, at: At, f: Pick<Bridge, 'direction' | 'kind' | 'messageId' | 'stage'> & Partial<Bridge>): Bridge => ({ ...prov(at), rollupId, ...f });

export interface BlockHeaderRow {
  chainId?: number;
  number: number;
  timestamp: number;
  blobGasUsed?: number | null;
  excessBlobGas?: number | null;
  finalizedAt?: number | null;
}

export async function writeBlocks(db: Database | Transaction, rows: BlockHeaderRow[]): Promise<void> {
  await writeFacts(
    db,
    s.blocks,
    rows.map((b) => ({
      chainId: b.chainId ?? 31_337,
      number: b.number,
      hash: hashOf(b.number),
      parentHash: hashOf(b.number - 1),
      timestamp: b.timestamp,
      blobGasUsed: b.blobGasUsed ?? null,
      excessBlobGas: b.excessBlobGas ?? null,
      finalizedAt: b.finalizedAt ?? null,
      finalizedEstimated: false,
    })),
  );
}

export async function setChainHead(db: Queryable, chainId: number, head: { latest: number; finalized?: number; latestTime?: number }): Promise<void> {
  await db.query(
    `insert into chain_heads (chain_id, latest, safe, finalized, latest_time) values ($1, $2, $3, $3, $4)
     on conflict (chain_id) do update set latest = excluded.latest, safe = excluded.safe, finalized = excluded.finalized, latest_time = excluded.latest_time`,
    [chainId, head.latest, head.finalized ?? null, head.latestTime ?? null],
  );
}

export interface Facts {
  batches?: Batch[];
  roots?: Root[];
  rootEvents?: RootEvent[];
  challenges?: Challenge[];
  moves?: Move[];
  forced?: Forced[];
  bridge?: Bridge[];
}

export async function writeAll(db: Database | Transaction, f: Facts): Promise<void> {
  await writeFacts(db, s.sequencerBatches, f.batches ?? []);
  await writeFacts(db, s.stateRoots, f.roots ?? []);
  await writeFacts(db, s.stateRootEvents, f.rootEvents ?? []);
  await writeFacts(db, s.challenges, f.challenges ?? []);
  await writeFacts(db, s.challengeMoves, f.moves ?? []);
  await writeFacts(db, s.forcedMessages, f.forced ?? []);
  await writeFacts(db, s.bridgeMessages, f.bridge ?? []);
}

export interface TestApi {
  api: ApiServer;
  url: string;
  clock: { now: number };
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ status: number; data?: T; errors?: any[] }>;
  close(): Promise<void>;
}

export async function startTestApi(db: Database, definitions: RollupDefinition[], tuning: ApiTuning & { now: number }): Promise<TestApi> {
  await upsertRollups(db, definitions);
  const clock = { now: tuning.now };
  const api = createApiServer({
    db,
    registry: new Registry(),
    logger: createLogger('silent'),
    readiness: () => ({ ready: true, waitingFor: [] }),
    monitor: false,
    ...tuning,
    clock: () => clock.now,
  });
  const { url } = await api.listen(0, '127.0.0.1');
  return {
    api,
    url,
    clock,
    async gql(query, variables) {
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: any; errors?: any[] };
      return { status: res.status, ...body };
    },
    close: () => api.close(),
  };
}
