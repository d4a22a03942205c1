/**
 * Live subscriptions (graphql-yoga over SSE). Each subscriber keeps a high-water mark (the position
 * of the last row it saw, taken when it subscribed) and, on every facts notification for its
 * rollup, reads the rows after it in order. Notifications are coalesced, so a burst of commits
 * costs one query per subscriber. `return()` (client gone) ends the iterator at once.
 */
import type { Queryable } from '../../db/client.ts';
import {
  attachRootDetails,
  batchSelect,
  challengeSummarySql,
  rootSelect,
  toBatch,
  toChallenge,
  toRootRecord,
} from '../../metrics/load.ts';
import type { ApiContext } from '../context.ts';
import { feedEvents, type FeedKind } from '../feed.ts';
import { toHealthChange } from './connections.ts';
import { pollRowOf } from './rollup.ts';

const POS = ['block_time', 'chain_id', 'block_number', 'tx_index', 'log_index', 'sub_index'];
type Pos = number[];
const START: Pos = [-1, -1, -1, -1, -1, -1];
const posOf = (r: Record<string, unknown>): Pos => POS.map((c) => Number(r[c]));

/** An iterator that pulls new items after each matching feed event. */
function liveIterator<T>(ctx: ApiContext, match: (kind: FeedKind, id: string) => boolean, init: () => Promise<void>, pull: () => Promise<T[]>): AsyncIterableIterator<T> {
  const events = feedEvents(ctx.feed, match);
  const buffer: T[] = [];
  let done = false;
  const ready = init();
  const it: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => it,
    async next() {
      await ready;
      while (!done) {
        if (buffer.length) return { value: buffer.shift()!, done: false };
        const ev = await events.next();
        if (ev.done || done) break;
        buffer.push(...(await pull()));
      }
      return { value: undefined, done: true };
    },
    async return() {
      done = true;
      events.stop();
      return { value: undefined, done: true };
    },
  };
  return it;
}

/** Rows of `select` (alias `a`) of one rollup after a moving position mark. */
function positionCursor(db: Queryable, rollupId: string, a: string, select: string) {
  const cols = POS.map((c) => `${a}.${c}`).join(', ');
  const asc = POS.map((c) => `${a}.${c} asc`).join(', ');
  const desc = POS.map((c) => `${a}.${c} desc`).join(', ');
  let mark = START;
  return {
    async init() {
      const [last] = await db.query(`${select} where ${a}.rollup_id = $1 order by ${desc} limit 1`, [rollupId]);
      if (last) mark = posOf(last);
    },
    async next(): Promise<Record<string, unknown>[]> {
      const rows = await db.query(`${select} where ${a}.rollup_id = $1 and (${cols}) > ($2, $3, $4, $5, $6, $7) order by ${asc} limit 1000`, [rollupId, ...mark]);
      if (rows.length) mark = posOf(rows[rows.length - 1]);
      return rows;
    },
  };
}

const factsOf = (rollupId: string) => (kind: FeedKind, id: string) => kind === 'facts' && id === rollupId;

export const subscriptionResolvers = {
  Subscription: {
    batchAdded: {
      subscribe: async (_: unknown, { rollup }: { rollup: string }, ctx: ApiContext) => {
        const r = (await pollRowOf(ctx, rollup)).rollup;
        const c = positionCursor(ctx.db, r.id, 's', batchSelect);
        return liveIterator(ctx, factsOf(r.id), c.init, async () => (await c.next()).map(toBatch));
      },
      resolve: (x: unknown) => x,
    },
    stateRootAdded: {
      subscribe: async (_: unknown, { rollup }: { rollup: string }, ctx: ApiContext) => {
        const r = (await pollRowOf(ctx, rollup)).rollup;
        const c = positionCursor(ctx.db, r.id, 'r', rootSelect);
        return liveIterator(ctx, factsOf(r.id), c.init, async () => attachRootDetails(ctx.db, r, (await c.next()).map((x) => toRootRecord(x, r))));
      },
      resolve: (x: unknown) => x,
    },
    challengeUpdated: {
      subscribe: async (_: unknown, { rollup }: { rollup: string }, ctx: ApiContext) => {
        const r = (await pollRowOf(ctx, rollup)).rollup;
        const created = positionCursor(ctx.db, r.id, 'c', `select c.* from challenges c`);
        const moved = positionCursor(ctx.db, r.id, 'm', `select m.* from challenge_moves m`);
        return liveIterator(
          ctx,
          factsOf(r.id),
          async () => {
            await Promise.all([created.init(), moved.init()]);
          },
          async () => {
            const rows = [...(await created.next()), ...(await moved.next())];
            const ids = [...new Set(rows.map((x) => String(x.challenge_id)))];
            if (ids.length === 0) return [];
            const cs = await ctx.db.query(challengeSummarySql('c.rollup_id = $1 and c.challenge_id = any($2::text[])'), [r.id, ids]);
            return ids.flatMap((id) => cs.filter((c) => c.challenge_id === id).map((c) => toChallenge(c, r.stack)));
          },
        );
      },
      resolve: (x: unknown) => x,
    },
    healthChanged: {
      subscribe: async (_: unknown, { rollup }: { rollup?: string | null }, ctx: ApiContext) => {
        if (rollup) await pollRowOf(ctx, rollup);
        const params: unknown[] = rollup ? [rollup] : [];
        const cond = rollup ? 'rollup_id = $1' : 'true';
        let mark = 0;
        return liveIterator(
          ctx,
          (kind, id) => kind === 'health' && (!rollup || id === rollup),
          async () => {
            const [m] = await ctx.db.query(`select coalesce(max(id), 0) as id from health_changes where ${cond}`, params);
            mark = Number(m.id);
          },
          async () => {
            const rows = await ctx.db.query(`select * from health_changes where ${cond} and id > $${params.length + 1} order by id limit 1000`, [...params, mark]);
            if (rows.length) mark = Number(rows[rows.length - 1].id);
            return rows.map(toHealthChange);
          },
        );
      },
      resolve: (x: unknown) => x,
    },
  },
};
