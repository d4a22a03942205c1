/**
 * `rollscope demo [--port N] [--data-dir DIR] [--interval MS] [--rounds N]`: what `npm start`
 * runs. Starts the demo (see index.ts), prints where to look, and stops everything on Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/load.ts';
import { DEFAULT_DEMO_DATA_DIR, DEFAULT_HISTORY_ROUNDS, DEFAULT_LIVE_INTERVAL_MS, startDemo, type Demo } from './index.ts';
import { DemoDataDirError } from './data-dir.ts';

export const DEMO_HELP = `rollscope demo — the quick start: rollscope on a local devnet, no services needed

Starts an L1 and two rollups (Arbitrum-like and OP-like) on local anvil chains, plays a steady
history on them (batches in calldata and blobs, state roots confirmed and games resolved,
deposits, withdrawals), indexes it into embedded PGlite and serves the API; then keeps the chains
live (a round of new batches, state roots and bridge traffic every few seconds). Ctrl-C stops
everything, anvil processes included.

Usage: rollscope demo [options]

Options:
  -p, --port <port>      API port (also ROLLSCOPE_PORT / PORT; default 4000)
      --data-dir <dir>   PGlite folder, wiped at start (default ${DEFAULT_DEMO_DATA_DIR})
      --interval <ms>    pause between live rounds (default ${DEFAULT_LIVE_INTERVAL_MS}; 0 = no live rounds)
      --rounds <n>       rounds of history before the API opens (default ${DEFAULT_HISTORY_ROUNDS})
  -h, --help             show this help

Demo mode ignores DATABASE_URL, REDIS_URL, ROLLSCOPE_RPC_*, ROLLSCOPE_ROLLUPS, ROLLSCOPE_CONFIG and
ROLLSCOPE_DATA_DIR. The service's own logs are quiet (LOG_LEVEL=info shows them). To watch real
chains instead: ROLLSCOPE_RPC_1=https://... npx rollscope start (see README.md).
`;

function nonNegativeInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new Error(`--${name} = ${JSON.stringify(v)}: expected a non-negative integer`);
  return Number(v);
}

export async function demoCommand(argv: string[]): Promise<number> {
  let values;
  let port: number | undefined;
  let liveIntervalMs: number | undefined;
  let historyRounds: number | undefined;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', short: 'p' },
        'data-dir': { type: 'string' },
        interval: { type: 'string' },
        rounds: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
    port = nonNegativeInt('port', values.port);
    liveIntervalMs = nonNegativeInt('interval', values.interval);
    historyRounds = nonNegativeInt('rounds', values.rounds);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${DEMO_HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(DEMO_HELP);
    return 0;
  }

  // Signals: before the demo is up, leave at once (the anvil exit hooks kill the chains); then stop
  // cleanly; a second Ctrl-C leaves at once. A lasting listener also keeps the anvil module's own
  // SIGINT hook (which kills the chains) from exiting the process before the clean stop ran.
  let requestStop: (() => void) | undefined;
  let signals = 0;
  const onSignal = () => {
    signals++;
    if (!requestStop || signals > 1) process.exit(130);
    requestStop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let demo: Demo;
  try {
    demo = await startDemo({ port, dataDir: values['data-dir'], liveIntervalMs, historyRounds });
  } catch (e) {
    if (e instanceof ConfigError || e instanceof DemoDataDirError) {
      process.stderr.write(`${e.message}\n`);
      return 78; // EX_CONFIG
    }
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(`rollscope demo: the API port is in use (${(e as Error).message}); pick another with --port N or ROLLSCOPE_PORT\n`);
      return 1;
    }
    throw e;
  }
  process.stdout.write(`[demo] running: open ${demo.graphiqlUrl} — Ctrl-C stops the demo\n`);
  await new Promise<void>((resolve) => {
    requestStop = resolve;
  });
  process.stdout.write('[demo] stopping...\n');
  await demo.stop();
  return 0;
}
