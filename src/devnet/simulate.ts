/**
 * `rollscope devnet --scenario NAME [--out FILE] [--size small|full] [--exit] [--load-events N]`
 *
 * API (stable): devnetCommand(argv: string[]) => Promise<number>   (exit code)
 * Runs the scenario on fresh anvil chains, writes the ground truth JSON (default
 * ./devnet-truth-<scenario>.json), prints the chains' RPC URLs and keeps them running until
 * Ctrl-C (SIGINT/SIGTERM), then stops them. `--exit` stops right after writing the truth.
 * Script entry: `node bin/run.mjs src/devnet/simulate.ts --scenario steady`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runScenario, scenarioNames } from './scenarios/index.ts';
import { isMainModule } from './main-module.ts';
import { jsonSafe } from './recorder.ts';

const usage = `usage: rollscope devnet --scenario <${scenarioNames.join('|')}> [--out FILE] [--size small|full] [--load-events N] [--exit]`;

export async function devnetCommand(argv: string[]): Promise<number> {
  let values: { scenario?: string; out?: string; size?: string; exit?: boolean; help?: boolean; 'load-events'?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        scenario: { type: 'string', short: 's' },
        out: { type: 'string', short: 'o' },
        size: { type: 'string' },
        'load-events': { type: 'string' },
        exit: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) { console.log(usage); return 0; }
  const name = values.scenario;
  if (!name || !(scenarioNames as readonly string[]).includes(name)) {
    console.error(`${name ? `unknown scenario "${name}"` : 'missing --scenario'}\n${usage}`);
    return 2;
  }
  if (values.size && values.size !== 'small' && values.size !== 'full') { console.error(`--size must be small or full\n${usage}`); return 2; }
  const out = resolve(values.out ?? `devnet-truth-${name}.json`);
  const t0 = Date.now();
  const run = await runScenario(name, {
    size: (values.size as 'small' | 'full' | undefined) ?? 'full',
    loadEvents: values['load-events'] ? Number(values['load-events']) : undefined,
    log: (msg, fields) => console.log(JSON.stringify(jsonSafe({ msg, ...fields }))),
  });
  writeFileSync(out, run.ctx.recorder.toJSON());
  const t = run.truth;
  console.log(JSON.stringify({
    msg: 'scenario done', scenario: name, seconds: (Date.now() - t0) / 1000, truth: out,
    chains: t.chains.map((c) => ({ role: c.role, chainId: c.chainId, rpcUrl: c.rpcUrl, rollupId: c.rollupId })),
    events: t.eventCounts.reduce((s, c) => s + c.count, 0), batches: t.batches.length, stateRoots: t.stateRoots.length,
  }));
  if (values.exit) { await run.stop(); return 0; }
  console.log('chains running; Ctrl-C to stop');
  await new Promise<void>((res) => {
    const stop = () => res();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await run.stop();
  return 0;
}

if (isMainModule(import.meta.url)) {
  devnetCommand(process.argv.slice(2)).then((code) => process.exit(code), (e) => { console.error(e); process.exit(1); });
}
