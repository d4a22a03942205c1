/**
 * DevnetContext: the L1 anvil, one anvil per L2, viem clients, deterministic funded accounts, the
 * L1 clock and the ground-truth recorder — everything a stack emulator needs to drive a scenario.
 *
 * API (stable):
 *   createDevnetContext({ scenario, l1ChainId? = 31337, hardfork?, genesisTimestamp?, l1BlockTime? = 12, keepEvents?, l1GasLimit? })
 *     => Promise<DevnetContext>
 *   ctx.l1 / ctx.l2s[rollupId]: DevnetChain { role, chainId, rpcUrl, anvil, chain, public, test, rpc, clock, wallet(account) }
 *   ctx.addL2({ rollupId, chainId, blockTime? = 1 }) => Promise<DevnetChain>
 *   ctx.accounts: DevnetAccounts (roles below; `byIndex(i)` for more)
 *   ctx.clock  (= ctx.l1.clock), ctx.recorder, ctx.kzg
 *   ctx.deploy({ chain?, account?, artifact, args?, name? }) => Promise<{ address, tx }>  (registers the contract with the recorder)
 *   ctx.write({ chain?, account, address, abi, functionName, args?, value?, blobs?, gas?, build? }) => Promise<RecordedTx>
 *   ctx.send({ chain?, account, to, data?, value?, blobs?, gas?, build? }) => Promise<RecordedTx>
 *   ctx.stop() => Promise<void>   (stops every anvil of the context; idempotent)
 *
 * Accounts (index in DEVNET_MNEMONIC): 0 deployer/owner, 1 Arbitrum batch poster (sequencer),
 * 2 Arbitrum validator, 3 Arbitrum challenger, 4–9 users, 10 OP batcher, 11 OP proposer,
 * 12 OP challenger, 13 OP guardian/owner. Each stack uses its own signers so two emulators can
 * drive the same L1 concurrently without nonce clashes (txs of ONE account must be sequential).
 *
 * Invariants: viem clients use cacheTime 0 and no response size cap; every tx sent through
 * `write`/`send` is waited for (automine) and recorded, and reverts throw with the tx hash.
 */
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  http,
  parseGwei,
  type Abi,
  type Chain,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
  type Kzg,
} from 'viem';
import { mnemonicToAccount, type HDAccount } from 'viem/accounts';
import { createRequire } from 'node:module';
import type { Address, Hex } from '../rollups/types.ts';
import { startAnvil, DEVNET_MNEMONIC, DEFAULT_GENESIS_TIMESTAMP, type Anvil } from './anvil.ts';
import { createClock, createRawRpc, type Clock, type RawRpc } from './clock.ts';
import { createRecorder, type FactBuilder, type RecordedTx, type Recorder } from './recorder.ts';
import { loadArtifact } from './compile.ts';

export interface DevnetChain {
  role: 'l1' | 'l2';
  /** 'l1' or the rollup id of an L2. */
  name: string;
  chainId: number;
  rpcUrl: string;
  anvil: Anvil;
  chain: Chain;
  public: PublicClient<Transport, Chain>;
  test: TestClient<'anvil', Transport, Chain>;
  rpc: RawRpc;
  clock: Clock;
  wallet(account: HDAccount): WalletClient<Transport, Chain, HDAccount>;
}

export interface DevnetAccounts {
  deployer: HDAccount;
  batchPoster: HDAccount;
  validator: HDAccount;
  challenger: HDAccount;
  users: HDAccount[];
  opBatcher: HDAccount;
  opProposer: HDAccount;
  opChallenger: HDAccount;
  opGuardian: HDAccount;
  byIndex(i: number): HDAccount;
}

export interface WriteParams {
  chain?: DevnetChain;
  account: HDAccount;
  address: Address;
  abi: Abi;
  functionName: string;
  args?: readonly unknown[];
  value?: bigint;
  blobs?: readonly Hex[];
  gas?: bigint;
  build?: FactBuilder;
}

export interface SendParams {
  chain?: DevnetChain;
  account: HDAccount;
  to: Address;
  data?: Hex;
  value?: bigint;
  blobs?: readonly Hex[];
  gas?: bigint;
  build?: FactBuilder;
}

export interface DevnetContext {
  scenario: string;
  l1: DevnetChain;
  l2s: Record<string, DevnetChain>;
  accounts: DevnetAccounts;
  clock: Clock;
  recorder: Recorder;
  kzg: Kzg;
  addL2(opts: { rollupId: string; chainId: number; blockTime?: number }): Promise<DevnetChain>;
  deploy(opts: { chain?: DevnetChain; account?: HDAccount; artifact: string; args?: readonly unknown[]; name?: string }): Promise<{ address: Address; tx: RecordedTx }>;
  write(p: WriteParams): Promise<RecordedTx>;
  send(p: SendParams): Promise<RecordedTx>;
  stop(): Promise<void>;
}

export interface CreateDevnetContextOptions {
  scenario: string;
  l1ChainId?: number;
  hardfork?: string;
  genesisTimestamp?: number;
  l1BlockTime?: number;
  /** false => the recorder keeps event counts only (load scenario). */
  keepEvents?: boolean;
  /** Block gas limit of the L1 (default 60,000,000). */
  l1GasLimit?: bigint;
}

let kzgSingleton: Kzg | undefined;
/** c-kzg 4 with the mainnet trusted setup, loaded once per process. */
export function devnetKzg(): Kzg {
  if (!kzgSingleton) {
    const require = createRequire(import.meta.url);
    const cKzg = require('c-kzg') as {
      loadTrustedSetup(precompute: number): void;
      blobToKzgCommitment(blob: Uint8Array): Uint8Array;
      computeBlobKzgProof(blob: Uint8Array, commitment: Uint8Array): Uint8Array;
    };
    try {
      cKzg.loadTrustedSetup(0);
    } catch (e) {
      // Already loaded in this process (c-kzg throws on a second load).
      if (!/already loaded/i.test(String(e))) throw e;
    }
    kzgSingleton = { blobToKzgCommitment: cKzg.blobToKzgCommitment, computeBlobKzgProof: cKzg.computeBlobKzgProof };
  }
  return kzgSingleton;
}

export function devnetAccounts(): DevnetAccounts {
  const cache = new Map<number, HDAccount>();
  const byIndex = (i: number) => {
    let a = cache.get(i);
    if (!a) {
      a = mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: i });
      cache.set(i, a);
    }
    return a;
  };
  return {
    deployer: byIndex(0),
    batchPoster: byIndex(1),
    validator: byIndex(2),
    challenger: byIndex(3),
    users: [4, 5, 6, 7, 8, 9].map(byIndex),
    opBatcher: byIndex(10),
    opProposer: byIndex(11),
    opChallenger: byIndex(12),
    opGuardian: byIndex(13),
    byIndex,
  };
}

async function makeChain(opts: { role: 'l1' | 'l2'; name: string; anvil: Anvil; blockTime: number }): Promise<DevnetChain> {
  const { anvil } = opts;
  const chain = defineChain({
    id: anvil.chainId,
    name: `devnet-${opts.name}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [anvil.rpcUrl] } },
  });
  const transport = http(anvil.rpcUrl, { maxResponseBodySize: false, timeout: 120_000 });
  const rpc = createRawRpc(anvil.rpcUrl);
  const wallets = new Map<string, WalletClient<Transport, Chain, HDAccount>>();
  return {
    role: opts.role,
    name: opts.name,
    chainId: anvil.chainId,
    rpcUrl: anvil.rpcUrl,
    anvil,
    chain,
    public: createPublicClient({ chain, transport, cacheTime: 0, pollingInterval: 50 }),
    test: createTestClient({ chain, transport, mode: 'anvil', cacheTime: 0, pollingInterval: 50 }),
    rpc,
    clock: await createClock({ rpc, blockTime: opts.blockTime }),
    wallet(account) {
      let w = wallets.get(account.address);
      if (!w) {
        w = createWalletClient({ account, chain, transport, cacheTime: 0, pollingInterval: 50 });
        wallets.set(account.address, w);
      }
      return w;
    },
  };
}

export async function createDevnetContext(opts: CreateDevnetContextOptions): Promise<DevnetContext> {
  const genesisTimestamp = opts.genesisTimestamp ?? DEFAULT_GENESIS_TIMESTAMP;
  const hardfork = opts.hardfork;
  const l1Anvil = await startAnvil({ chainId: opts.l1ChainId ?? 31337, hardfork, genesisTimestamp, gasLimit: opts.l1GasLimit });
  const anvils: Anvil[] = [l1Anvil];
  const recorder = createRecorder({ scenario: opts.scenario, keepEvents: opts.keepEvents });
  const accounts = devnetAccounts();
  const kzg = devnetKzg();
  let l1: DevnetChain;
  try {
    l1 = await makeChain({ role: 'l1', name: 'l1', anvil: l1Anvil, blockTime: opts.l1BlockTime ?? 12 });
  } catch (e) {
    await l1Anvil.stop();
    throw e;
  }
  recorder.addChain({ chainId: l1.chainId, rpcUrl: l1.rpcUrl, role: 'l1', rpc: l1.rpc });
  const l2s: Record<string, DevnetChain> = {};

  async function sendTx(chain: DevnetChain, account: HDAccount, req: { to: Address; data?: Hex; value?: bigint; blobs?: readonly Hex[]; gas?: bigint }): Promise<Hex> {
    const wallet = chain.wallet(account);
    if (req.blobs && req.blobs.length) {
      return wallet.sendTransaction({
        to: req.to,
        data: req.data,
        value: req.value,
        blobs: req.blobs,
        kzg,
        maxFeePerBlobGas: parseGwei('100'),
        gas: req.gas,
      } as Parameters<typeof wallet.sendTransaction>[0]);
    }
    return wallet.sendTransaction({ to: req.to, data: req.data, value: req.value, gas: req.gas } as Parameters<typeof wallet.sendTransaction>[0]);
  }

  const ctx: DevnetContext = {
    scenario: opts.scenario,
    l1,
    l2s,
    accounts,
    clock: l1.clock,
    recorder,
    kzg,
    async addL2({ rollupId, chainId, blockTime }) {
      if (l2s[rollupId]) throw new Error(`addL2: rollup ${rollupId} already has an L2 chain`);
      const anvil = await startAnvil({ chainId, hardfork, genesisTimestamp });
      anvils.push(anvil);
      const c = await makeChain({ role: 'l2', name: rollupId, anvil, blockTime: blockTime ?? 1 });
      l2s[rollupId] = c;
      recorder.addChain({ chainId, rpcUrl: c.rpcUrl, role: 'l2', rollupId, rpc: c.rpc });
      return c;
    },
    async deploy({ chain = l1, account = accounts.deployer, artifact, args = [], name }) {
      const a = loadArtifact(artifact);
      const hash = await chain.wallet(account).deployContract({ abi: a.abi, bytecode: a.bytecode, args: args as unknown[] } as never);
      const receipt = await chain.public.waitForTransactionReceipt({ hash, pollingInterval: 20 });
      if (receipt.status !== 'success' || !receipt.contractAddress) throw new Error(`deploy ${artifact} failed: tx ${hash} status ${receipt.status}`);
      const address = receipt.contractAddress.toLowerCase() as Address;
      recorder.registerContract({ chainId: chain.chainId, address, abi: a.abi, name: name ?? artifact });
      const tx = await recorder.recordTx(chain.chainId, hash);
      return { address, tx };
    },
    async write(p) {
      const chain = p.chain ?? l1;
      const data = encodeFunctionData({ abi: p.abi, functionName: p.functionName, args: p.args ?? [] } as never);
      const hash = await sendTx(chain, p.account, { to: p.address, data, value: p.value, blobs: p.blobs, gas: p.gas });
      return recorder.recordTx(chain.chainId, hash, p.build);
    },
    async send(p) {
      const chain = p.chain ?? l1;
      const hash = await sendTx(chain, p.account, p);
      return recorder.recordTx(chain.chainId, hash, p.build);
    },
    async stop() {
      await Promise.all(anvils.map((a) => a.stop()));
    },
  };
  return ctx;
}
