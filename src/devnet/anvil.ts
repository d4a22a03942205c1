/**
 * anvil process management for the devnet.
 *
 * API (stable, used by the Arbitrum and OP Stack emulators):
 *   startAnvil({ chainId, port?, hardfork?, genesisTimestamp?, accounts?, balanceEth?, gasLimit?, blockBaseFee? })
 *     => Promise<Anvil { rpcUrl, port, chainId, pid, hardfork, mnemonic, stop(): Promise<void> }>
 *   stopAllAnvils(): Promise<void>          // kills every anvil this process started
 *   ANVIL_BIN, DEVNET_MNEMONIC, DEFAULT_HARDFORK, DEFAULT_GENESIS_TIMESTAMP
 *
 * Invariants:
 * - The binary is started directly (not through npx) so its pid is anvil itself; `stop()` kills it.
 * - Every child is tracked and killed when this Node process exits (exit, SIGINT, SIGTERM,
 *   uncaughtException), so a crashed test never leaves anvil behind.
 * - Deterministic: fixed mnemonic (the standard foundry test mnemonic), fixed genesis timestamp,
 *   automine (one block per tx) — the same scenario produces the same addresses and hashes.
 * - Port: with no `port`, anvil binds port 0 and we read the port back from its
 *   "Listening on 127.0.0.1:<port>" line — no probe/bind race between parallel test files.
 *
 * Hardfork: `prague` (pinned; Pectra blob params: target 6 / max 9 blobs per block). Verified with
 * anvil 1.7.1 + viem 2.57 + c-kzg 4.1: prague accepts viem type-3 txs (version-0 sidecars, one
 * KZG proof per blob). osaka (anvil's default) ALSO accepts them in anvil 1.7.1 (it does not insist
 * on EIP-7594 cell proofs), but prague is pinned for stable blob-fee rules. Note: anvil mining cost
 * per block grows with chain length and is ~10x higher on prague than cancun (EIP-2935 history
 * writes) — see clock.ts for why time is advanced with few, widely spaced blocks.
 *
 * Blob data served by anvil 1.7.1 (asserted by anvil.test.ts):
 * - JSON-RPC `anvil_getBlobsByTransactionHash(txHash)` => [blobHex (131072 bytes each)] of a mined tx.
 * - Beacon API on the SAME HTTP port: `GET /eth/v1/beacon/blobs/<block_id>` => { data: [blobHex...] }
 *   where block_id = execution block NUMBER (anvil has no separate slots) or block hash; `head`,
 *   `genesis` are rejected (400) and `finalized` answers an empty list. `?versioned_hashes=0x..`
 *   filters. `/eth/v1/beacon/blob_sidecars/<id>` answers 410 Gone (deprecated in anvil 1.7).
 *   `/eth/v1/beacon/genesis` gives genesis_time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { packageRoot } from '../paths.ts';

export const ANVIL_BIN = resolve(packageRoot, 'node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil');

/** Standard foundry/hardhat test mnemonic; account i = m/44'/60'/0'/0/i. */
export const DEVNET_MNEMONIC = 'test test test test test test test test test test test junk';
export const DEFAULT_HARDFORK = 'prague';
/** 2025-01-01T00:00:00Z: genesis time of every devnet chain unless overridden. */
export const DEFAULT_GENESIS_TIMESTAMP = 1_735_689_600;

/** Which blob-reading paths anvil serves (asserted by anvil.test.ts). */
export const BLOB_ENDPOINTS = {
  rpcByTxHash: 'anvil_getBlobsByTransactionHash',
  /** {blockId} = block number or block hash. */
  beaconBlobs: '/eth/v1/beacon/blobs/{blockId}',
} as const;

export interface StartAnvilOptions {
  chainId: number;
  /** Loopback port; omitted => anvil picks a free one. */
  port?: number;
  hardfork?: string;
  /** Genesis block timestamp (unix seconds). */
  genesisTimestamp?: number;
  /** Number of funded dev accounts derived from DEVNET_MNEMONIC (default 20). */
  accounts?: number;
  /** Balance of each dev account in ether (default 1,000,000). */
  balanceEth?: number;
  /** Block gas limit (default 60,000,000). */
  gasLimit?: bigint;
  /** Initial base fee per gas in wei (default anvil's 1 gwei). */
  blockBaseFee?: bigint;
  /** Extra raw CLI arguments. */
  extraArgs?: string[];
  /** Milliseconds to wait for the RPC to answer (default 20,000). */
  startTimeoutMs?: number;
}

export interface Anvil {
  rpcUrl: string;
  port: number;
  chainId: number;
  pid: number;
  hardfork: string;
  mnemonic: string;
  genesisTimestamp: number;
  /** Kill the process and wait for it to exit. Idempotent. */
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  const killAll = () => {
    for (const c of children) {
      try { c.kill('SIGKILL'); } catch { /* already gone */ }
    }
    children.clear();
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      killAll();
      // Re-raise the default behaviour once our cleanup ran, unless someone else handles it.
      if (process.listenerCount(sig) === 0) process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  }
}

/**
 * anvil's environment: ours, plus transparent huge pages for its allocator (jemalloc, configured
 * through _RJEM_MALLOC_CONF) unless the caller configured it. anvil builds each eth_getLogs answer
 * in fresh memory, and on a VM each first touch of a 4 KB page is a costly fault: over one
 * bench:ingest run (load, engine run, floor) 2.8 M faults and 22 s of system time with 4 KB pages,
 * 0.3 M and 8 s with huge pages.
 * The kernel's THP mode "madvise" (a common default) is enough: jemalloc asks for them.
 */
function anvilEnv(): NodeJS.ProcessEnv {
  if (process.env._RJEM_MALLOC_CONF !== undefined) return process.env;
  return { ...process.env, _RJEM_MALLOC_CONF: 'thp:always,metadata_thp:always' };
}

export async function startAnvil(opts: StartAnvilOptions): Promise<Anvil> {
  if (!existsSync(ANVIL_BIN)) throw new Error(`anvil binary not found at ${ANVIL_BIN} (expected @foundry-rs/anvil-linux-amd64)`);
  installExitHooks();
  const hardfork = opts.hardfork ?? DEFAULT_HARDFORK;
  const genesisTimestamp = opts.genesisTimestamp ?? DEFAULT_GENESIS_TIMESTAMP;
  const args = [
    '--host', '127.0.0.1',
    '--port', String(opts.port ?? 0),
    '--chain-id', String(opts.chainId),
    '--hardfork', hardfork,
    '--mnemonic', DEVNET_MNEMONIC,
    '--accounts', String(opts.accounts ?? 20),
    '--balance', String(opts.balanceEth ?? 1_000_000),
    '--timestamp', String(genesisTimestamp),
    '--gas-limit', String(opts.gasLimit ?? 60_000_000n),
    '--no-request-size-limit',
    '--disable-code-size-limit',
    '--order', 'fifo',
  ];
  if (opts.blockBaseFee !== undefined) args.push('--block-base-fee-per-gas', String(opts.blockBaseFee));
  if (opts.extraArgs) args.push(...opts.extraArgs);

  const child = spawn(ANVIL_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env: anvilEnv() });
  children.add(child);
  const exited = new Promise<void>((res) => child.once('exit', () => { children.delete(child); res(); }));

  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => { if (stderr.length < 8192) stderr += d; });

  const timeoutMs = opts.startTimeoutMs ?? 20_000;
  const port = await new Promise<number>((res, rej) => {
    let buf = '';
    const timer = setTimeout(() => rej(new Error(`anvil (chainId ${opts.chainId}) did not report a listening port within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    const onData = (d: string) => {
      buf += d;
      const m = /Listening on [\d.]+:(\d+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        // Keep draining stdout (anvil logs every request) but stop buffering it.
        child.stdout!.off('data', onData);
        child.stdout!.on('data', () => {});
        res(Number(m[1]));
      } else if (buf.length > 1 << 16) buf = buf.slice(-4096);
    };
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`anvil (chainId ${opts.chainId}, args ${args.join(' ')}) exited with code ${code} before listening; stderr: ${stderr}`));
    });
  }).catch(async (e) => { child.kill('SIGKILL'); await exited; throw e; });

  const rpcUrl = `http://127.0.0.1:${port}`;
  await waitForRpc(rpcUrl, opts.chainId, timeoutMs);

  let stopping: Promise<void> | undefined;
  return {
    rpcUrl,
    port,
    chainId: opts.chainId,
    pid: child.pid!,
    hardfork,
    mnemonic: DEVNET_MNEMONIC,
    genesisTimestamp,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), 3000);
          await exited;
          clearTimeout(t);
        }
      })();
      return stopping;
    },
  };
}

/** Kill every anvil this process started. */
export async function stopAllAnvils(): Promise<void> {
  const waits = [...children].map((c) => new Promise<void>((res) => {
    if (c.exitCode !== null || c.signalCode !== null) return res();
    c.once('exit', () => res());
    c.kill('SIGKILL');
  }));
  await Promise.all(waits);
}

async function waitForRpc(rpcUrl: string, chainId: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      const j = (await r.json()) as { result?: string };
      if (j.result && Number(j.result) === chainId) return;
      lastErr = new Error(`eth_chainId answered ${JSON.stringify(j)}, expected ${chainId}`);
    } catch (e) {
      lastErr = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`anvil at ${rpcUrl} not answering within ${timeoutMs} ms: ${String(lastErr)}`);
}
