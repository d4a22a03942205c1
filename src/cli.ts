/**
 * `rollscope <command>`: start (workers + API), api, worker, migrate; devnet and demo (the quick
 * start) are loaded lazily. Configuration comes from the environment and an optional JSON file
 * (--config or ROLLSCOPE_CONFIG); see README.
 */
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from './config/load.ts';
import { createLogger } from './log.ts';
import { startApp, type AppRoles } from './app.ts';
import { openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';

const HELP = `rollscope — watches rollups from the outside (finality, censorship, DA, liveness) over GraphQL

Usage: rollscope <command> [options]

Commands:
  start      run the ingest workers and the API in one process (default)
  api        run the GraphQL API only
  worker     run ingest workers only (scale out: run several)
  migrate    apply database migrations and exit
  devnet     run a devnet scenario on local anvil chains and write its ground truth
             (rollscope devnet --scenario steady|outage|censorship|challenge|reorg|load|... --help)
  demo       the quick start (what \`npm start\` runs): a live devnet with two rollups, indexed
             into embedded PGlite, API + GraphiQL on port 4000 (rollscope demo --help)

Options:
  -c, --config <file>   JSON configuration file (also: ROLLSCOPE_CONFIG)
  -p, --port <port>     API port (also: ROLLSCOPE_PORT / PORT; default 4000)
  -h, --help            show this help

Environment: DATABASE_URL (unset = embedded PGlite in ROLLSCOPE_DATA_DIR, default .rollscope/pglite),
REDIS_URL (unset = jobs run in-process), ROLLSCOPE_ROLLUPS=id,id, ROLLSCOPE_RPC_<chainId>=url,url,
ROLLSCOPE_BEACON_<chainId>=url, LOG_LEVEL. See README.md for the full reference.
`;

const COMMANDS = ['start', 'api', 'worker', 'migrate', 'devnet', 'demo'] as const;
type Command = (typeof COMMANDS)[number];

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'devnet') {
    // Developer tool: loaded lazily so the service commands never load the devnet.
    const { devnetCommand } = await import('./devnet/simulate.ts');
    return devnetCommand(argv.slice(1));
  }
  if (argv[0] === 'demo') {
    // The quick start runs the devnet too: loaded lazily like `devnet`.
    const { demoCommand } = await import('./demo/command.ts');
    return demoCommand(argv.slice(1));
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string', short: 'c' },
        port: { type: 'string', short: 'p' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = (positionals[0] ?? 'start') as Command;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!COMMANDS.includes(command)) {
    process.stderr.write(`Unknown command ${JSON.stringify(command)}\n\n${HELP}`);
    return 2;
  }

  const overrides: Record<string, unknown> = {};
  if (values.port !== undefined) overrides['api.port'] = /^\d+$/.test(values.port) ? Number(values.port) : values.port;
  let config;
  try {
    config = loadConfig({ file: values.config, overrides });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 78; // EX_CONFIG
    }
    throw e;
  }
  const logger = createLogger(config.logLevel);

  if (command === 'migrate') {
    const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    await migrate(db);
    await db.close();
    logger.info({ backend: db.kind }, 'migrations applied');
    return 0;
  }

  const roles: AppRoles = { api: command !== 'worker', worker: command !== 'api' };
  const app = await startApp(config, logger, roles);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await app.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`rollscope: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
