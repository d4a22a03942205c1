import { afterAll, describe, expect, it } from 'vitest';
import { createPublicClient, createWalletClient, http, parseGwei, stringToHex, toBlobs, defineChain, hexToBytes, type Hex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { startAnvil, BLOB_ENDPOINTS, DEFAULT_GENESIS_TIMESTAMP, type Anvil } from './anvil.ts';
import { devnetKzg } from './context.ts';
import { createRawRpc } from './clock.ts';

const started: Anvil[] = [];
afterAll(async () => { await Promise.all(started.map((a) => a.stop())); });

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

describe('startAnvil', () => {
  it('starts on a free port with the fixed genesis, and stop() kills the process', async () => {
    const a = await startAnvil({ chainId: 4242 });
    started.push(a);
    expect(a.port).toBeGreaterThan(0);
    const rpc = createRawRpc(a.rpcUrl);
    expect(Number(await rpc<string>('eth_chainId'))).toBe(4242);
    const g = await rpc<{ timestamp: string }>('eth_getBlockByNumber', ['0x0', false]);
    expect(Number(g.timestamp)).toBe(DEFAULT_GENESIS_TIMESTAMP);
    const accounts = await rpc<string[]>('eth_accounts');
    expect(accounts[0]!.toLowerCase()).toBe(mnemonicToAccount(a.mnemonic).address.toLowerCase());
    expect(alive(a.pid)).toBe(true);
    await a.stop();
    expect(alive(a.pid)).toBe(false);
    await a.stop(); // idempotent
  });

  it('two anvils run side by side on different ports', async () => {
    const [a, b] = await Promise.all([startAnvil({ chainId: 1001 }), startAnvil({ chainId: 1002 })]);
    started.push(a, b);
    expect(a.port).not.toBe(b.port);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('prague accepts a viem blob tx and serves its blobs by tx hash and on the beacon blobs endpoint', async () => {
    const a = await startAnvil({ chainId: 31337 });
    started.push(a);
    expect(a.hardfork).toBe('prague');
    const chain = defineChain({ id: a.chainId, name: 'l1', nativeCurrency: { name: 'E', symbol: 'E', decimals: 18 }, rpcUrls: { default: { http: [a.rpcUrl] } } });
    const account = mnemonicToAccount(a.mnemonic);
    const wallet = createWalletClient({ account, chain, transport: http(a.rpcUrl) });
    const pub = createPublicClient({ chain, transport: http(a.rpcUrl, { maxResponseBodySize: false }), cacheTime: 0 });
    const blobs = toBlobs({ data: stringToHex('arbitrum batch '.repeat(12_000)) });
    expect(blobs.length).toBe(2);
    const hash = await wallet.sendTransaction({ blobs, kzg: devnetKzg(), maxFeePerBlobGas: parseGwei('30'), to: '0x00000000000000000000000000000000000000aa' });
    const receipt = await pub.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    expect(receipt.type).toBe('eip4844');
    expect(receipt.blobGasUsed).toBe(2n * 131072n);

    const rpc = createRawRpc(a.rpcUrl);
    const byTx = await rpc<Hex[]>(BLOB_ENDPOINTS.rpcByTxHash, [hash]);
    expect(byTx).toEqual(blobs.map((b) => b.toLowerCase()));

    const url = a.rpcUrl + BLOB_ENDPOINTS.beaconBlobs.replace('{blockId}', String(receipt.blockNumber));
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Hex[] };
    expect(body.data).toEqual(blobs.map((b) => b.toLowerCase()));
    expect(hexToBytes(body.data[0]!).length).toBe(131072);
    // block id may also be the block hash
    const byHash = (await (await fetch(a.rpcUrl + BLOB_ENDPOINTS.beaconBlobs.replace('{blockId}', receipt.blockHash))).json()) as { data: Hex[] };
    expect(byHash.data.length).toBe(2);
    // the deprecated sidecars endpoint answers 410 Gone
    expect((await fetch(`${a.rpcUrl}/eth/v1/beacon/blob_sidecars/${receipt.blockNumber}`)).status).toBe(410);
  });
});
