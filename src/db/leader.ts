/**
 * Leader election over a Postgres session advisory lock: exactly one process at a time runs the
 * ingest scheduler (head following, range planning); every worker process runs jobs. When the
 * leader dies its session ends, the lock is released and another process takes over.
 */
import { postgresPool } from './socket.ts';

export interface Leadership {
  /** Stops trying, releases the lock if held (after `onLost` is awaited). */
  stop(): Promise<void>;
  isLeader(): boolean;
}

export function electLeader(opts: {
  url: string;
  lockKey: number;
  retryMs?: number;
  onElected: () => Promise<void>;
  onLost: () => Promise<void>;
  onError?: (err: unknown) => void;
}): Leadership {
  const sql = postgresPool(opts.url, { max: 1, idle_timeout: 0 });
  let leader = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const attempt = async () => {
    if (stopped) return;
    try {
      if (!leader) {
        const [row] = await sql<{ ok: boolean }[]>`select pg_try_advisory_lock(${opts.lockKey}) as ok`;
        if (row.ok && !stopped) {
          leader = true;
          await opts.onElected();
        }
      } else {
        await sql`select 1`; // the session (and the lock) is still alive
      }
    } catch (err) {
      opts.onError?.(err);
      if (leader) {
        leader = false;
        await opts.onLost().catch(opts.onError);
      }
    }
    if (!stopped) timer = setTimeout(attempt, opts.retryMs ?? 5_000);
  };
  void attempt();

  return {
    isLeader: () => leader,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (leader) {
        leader = false;
        await opts.onLost().catch(opts.onError);
      }
      await sql.end({ timeout: 5 });
    },
  };
}
