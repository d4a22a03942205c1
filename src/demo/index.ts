/**
 * `rollscope demo`: the quick start. Starts the devnet (an L1 and two rollups on loopback anvils),
 * plays a steady history on it, starts rollscope (API + ingest) on embedded PGlite in a fresh
 * folder, and keeps the chains live so the example queries show moving figures.
 *
 *   const demo = await startDemo({ port: 0, dataDir, liveIntervalMs: 1000 });
 *   demo.url          // http://localhost:<port> (GraphiQL at `${url}/graphql`)
 *   demo.rollupIds    // ['arb-devnet', 'op-devnet']
 *   await demo.stop() // live loop, app, then every anvil
 *
 * Time: chain time starts about where the history ends = the wall clock, then runs faster than it
 * (12-s L1 blocks, several per live round). The API's "now" is max(wall clock, newest L1 head
 * time), so ages and lags stay consistent with the chain.
 */
import { startApp, type App } from '../app.ts';
import { createLogger, type Logger } from '../log.ts';
import { createActivity, type RoundReport } from './activity.ts';
import { demoConfig } from './config.ts';
import { wipeDemoDataDir } from './data-dir.ts';
import { DEPLOY_SECONDS, deployDemoRollups, deployedParameters, type DemoRollups } from './rollups.ts';

export const DEFAULT_DEMO_DATA_DIR = '.rollscope/demo';
export const DEFAULT_LIVE_INTERVAL_MS = 5_000;
export const DEFAULT_HISTORY_ROUNDS = 36;
/** L1 seconds a round takes on average (≈ 5–6 blocks of 12 s). */
const ROUND_SECONDS = 66;

export interface StartDemoOptions {
  /** API port (default ROLLSCOPE_PORT / PORT / 4000); 0 = any free port. */
  port?: number;
  host?: string;
  /** PGlite folder, wiped at start (default .rollscope/demo). */
  dataDir?: string;
  /** Period of the live rounds (default 5 s); 0 = no live loop. */
  liveIntervalMs?: number;
  /** Rounds of history played before the app starts (default 36). */
  historyRounds?: number;
  /** Environment (default process.env): only port, host, log level and worker concurrency are read. */
  env?: Record<string, string | undefined>;
  /** Level of the service's own logs (default LOG_LEVEL, else `error`: the demo prints its own lines). */
  logLevel?: string;
  /** Where the demo's status lines go (default stdout). */
  print?: (line: string) => void;
  /** Period of the "indexed up to block N" line (default 10 s). */
  statusEveryMs?: number;
}

export interface Demo {
  /** API base URL. */
  url: string;
  graphiqlUrl: string;
  rollupIds: string[];
  /** pids of the anvil processes (L1 first). */
  anvilPids: number[];
  app: App;
  rollups: DemoRollups;
  /** Live rounds completed so far. */
  liveRounds(): number;
  /** Stops the live loop, the app and every anvil; idempotent. */
  stop(): Promise<void>;
}

/** Lowest block of chain `chainId` that every source has ingested up to. */
function indexedUpTo(app: App, chainId: number): { indexed: number; head: number | null } | undefined {
  const chain = app.ingest?.progress()?.chains.find((c) => c.chainId === chainId);
  if (!chain || chain.sources.length === 0) return undefined;
  return { indexed: Math.min(...chain.sources.map((s) => s.indexedBlock)), head: chain.tip };
}

function describeRound(r: RoundReport): string {
  const extra = [...r.created.map((c) => `new ${c}`), ...r.settled.map((s) => `settled ${s}`)];
  return `round ${r.round}: L1 block ${r.l1Block}, batches arb #${r.arbitrumBatch} / op #${r.opBatch ?? '-'}${extra.length ? `; ${extra.join('; ')}` : ''}`;
}

export async function startDemo(opts: StartDemoOptions = {}): Promise<Demo> {
  const print = opts.print ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const say = (line: string) => print(`[demo] ${line}`);
  const env = opts.env ?? process.env;
  const dataDir = wipeDemoDataDir(opts.dataDir ?? DEFAULT_DEMO_DATA_DIR);
  const rounds = opts.historyRounds ?? DEFAULT_HISTORY_ROUNDS;
  const liveIntervalMs = opts.liveIntervalMs ?? DEFAULT_LIVE_INTERVAL_MS;

  const t0 = Date.now();
  const genesisTimestamp = Math.floor(t0 / 1000) - DEPLOY_SECONDS - rounds * ROUND_SECONDS;
  say('starting the devnet: an L1 and two rollups on local anvil chains');
  const rollups = await deployDemoRollups({ genesisTimestamp });
  let app: App | undefined;
  try {
    const { ctx } = rollups;
    const activity = createActivity(rollups);
    for (let n = 0; n < rounds; n++) await activity.round(n);
    // History ends at the wall clock (or a little after it): ages read as real ones from the start.
    const behind = Math.floor(Date.now() / 1000) - (await ctx.clock.now());
    if (behind > 0) await ctx.clock.advance(behind);
    const head = await ctx.clock.head();
    say(`history played: ${rounds} rounds of batches, state roots, deposits and withdrawals up to L1 block ${head.number} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

    const { config, ignoredEnv } = demoConfig({ rollups, dataDir, env, port: opts.port, host: opts.host, logLevel: opts.logLevel ?? env.LOG_LEVEL ?? 'error' });
    if (ignoredEnv.length > 0) say(`demo mode ignores ${ignoredEnv.join(', ')}: it always runs on embedded PGlite in ${dataDir}, jobs in process, on its own chains`);
    const logger: Logger = createLogger(config.logLevel);
    app = await startApp(config, logger, { api: true, worker: true }, { ingestTuning: { progress: 'off' } });
    for (const [id, parameters] of Object.entries(deployedParameters(rollups))) {
      await app.db.query(`update rollups set parameters = $2::jsonb where id = $1`, [id, JSON.stringify(parameters)]);
    }
    const url = app.url!;
    const rollupIds = config.enabledRollups.map((r) => r.id);
    say(`GraphiQL: ${url}/graphql (example tabs RiskPoll, RollupPage, L2BlockPage, Distribution30d; variables default to ${rollupIds[0]})`);
    say(`rollups: ${rollupIds.join(', ')} — set "rollup" in the variables to switch`);
    say(`chains: L1 ${ctx.l1.rpcUrl} (chain ${ctx.l1.chainId}), ${Object.values(ctx.l2s).map((c) => `${c.name} L2 ${c.rpcUrl} (chain ${c.chainId})`).join(', ')}`);
    say(`database: embedded PGlite in ${dataDir} (wiped at every demo start)`);

    // Live loop: one round at a time, the next one liveIntervalMs after the previous ended.
    let stopping = false;
    let liveRounds = 0;
    let current: Promise<void> | undefined;
    let liveTimer: NodeJS.Timeout | undefined;
    const live = () => {
      current = activity
        .round(rounds + liveRounds)
        .then((r) => {
          liveRounds++;
          if (r.created.length || r.settled.length) say(describeRound(r));
        })
        .catch((err) => {
          if (!stopping) say(`live round failed (retrying): ${(err as Error).message.split('\n')[0]}`);
        })
        .finally(() => {
          current = undefined;
          if (!stopping) liveTimer = setTimeout(live, liveIntervalMs);
        });
    };
    if (liveIntervalMs > 0) liveTimer = setTimeout(live, liveIntervalMs);

    // Status: readiness once, then "indexed up to block N" every statusEveryMs.
    const started = app;
    let ready = false;
    const status = setInterval(() => {
      const l1 = indexedUpTo(started, ctx.l1.chainId);
      if (!l1) return;
      if (!ready && started.ingest?.backfillDone()) {
        ready = true;
        say(`backfill done in ${((Date.now() - t0) / 1000).toFixed(1)} s since start: the API is ready (${url}/ready)`);
      }
      say(`indexed up to L1 block ${l1.indexed} (head ${l1.head ?? '?'}); live rounds: ${liveRounds}`);
    }, opts.statusEveryMs ?? 10_000);

    const anvilPids = rollups.pids();
    let stopped: Promise<void> | undefined;
    return {
      url,
      graphiqlUrl: `${url}/graphql`,
      rollupIds,
      anvilPids,
      app: started,
      rollups,
      liveRounds: () => liveRounds,
      stop() {
        stopped ??= (async () => {
          stopping = true;
          clearTimeout(liveTimer);
          clearInterval(status);
          await current;
          // The chains may already be gone (Ctrl-C reaches anvil too): shutdown noise is not news.
          logger.level = 'fatal';
          await started.stop();
          await rollups.stop();
          say('stopped: API, ingest and every anvil');
        })();
        return stopped;
      },
    };
  } catch (e) {
    await app?.stop().catch(() => undefined);
    await rollups.stop();
    throw e;
  }
}
