/** Test helpers around one anvil: clients, the emitter, and the truth read straight from the node. */
import { createPublicClient, createWalletClient, http, type Address, type Hex, type PublicClient, type WalletClient } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { DEVNET_MNEMONIC, startAnvil, type Anvil } from '../../devnet/anvil.ts';
import type { Queryable } from '../../db/client.ts';
import { deployEmitter, emitCalldata, TEST_TOPIC } from './emitter.ts';

export interface TestChain {
  anvil: Anvil;
  client: PublicClient;
  wallet: WalletClient;
  account: ReturnType<typeof mnemonicToAccount>;
  deployEmitter(): Promise<Address>;
  /** Emits ids [start, end) from `emitter` in one tx (mined in its own block). */
  emit(emitter: Address, start: number, end: number, topic?: Hex): Promise<Hex>;
  mine(blocks: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestChain(chainId = 31337, extraArgs?: string[]): Promise<TestChain> {
  const anvil = await startAnvil({ chainId, extraArgs });
  const transport = http(anvil.rpcUrl, { maxResponseBodySize: false } as never);
  const account = mnemonicToAccount(DEVNET_MNEMONIC);
  const client = createPublicClient({ transport, cacheTime: 0, pollingInterval: 20 }) as PublicClient;
  const wallet = createWalletClient({ account, transport });
  return {
    anvil, client, wallet, account,
    deployEmitter: () => deployEmitter(wallet, client),
    async emit(emitter, start, end, topic = TEST_TOPIC) {
      const hash = await wallet.sendTransaction({ account, chain: null, to: emitter, data: emitCalldata({ start, end, topic }), gas: BigInt(60_000 + (end - start) * 1_600) });
      await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
      return hash;
    },
    async mine(blocks) {
      await client.request({ method: 'anvil_mine' as never, params: [`0x${blocks.toString(16)}`] as never });
    },
    stop: () => anvil.stop(),
  };
}

export interface LogKey { block: number; hash: string; logIndex: number; id: string; address: string }

/** The canonical logs of `addresses` × `topic`, read from the node by a plain viem client (independent of the engine). */
export async function truthLogs(client: PublicClient, addresses: Address[], topics: Hex[], toBlock?: bigint): Promise<LogKey[]> {
  const logs = await client.getLogs({ address: addresses, fromBlock: 0n, toBlock: toBlock ?? 'latest', events: undefined } as never) as { blockNumber: bigint; blockHash: Hex; logIndex: number; topics: Hex[]; address: Address }[];
  return logs
    .filter((l) => topics.includes(l.topics[0]))
    .map((l) => ({ block: Number(l.blockNumber), hash: l.blockHash.toLowerCase(), logIndex: l.logIndex, id: BigInt(l.topics[1]).toString(), address: l.address.toLowerCase() }))
    .sort((a, b) => a.block - b.block || a.logIndex - b.logIndex);
}

export async function storedLogs(db: Queryable, rollupId: string, kind?: string): Promise<LogKey[]> {
  const rows = await db.query<{ block_number: number; block_hash: string; log_index: number; message_id: string; sender: string }>(
    `select block_number, block_hash, log_index, message_id, sender from bridge_messages where rollup_id = $1 ${kind ? 'and kind = $2' : ''} order by block_number, log_index`,
    kind ? [rollupId, kind] : [rollupId],
  );
  return rows.map((r) => ({ block: Number(r.block_number), hash: r.block_hash, logIndex: r.log_index, id: r.message_id, address: r.sender }));
}

export async function waitFor(cond: () => Promise<boolean> | boolean, { timeoutMs = 60_000, intervalMs = 100, what = 'condition' } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
