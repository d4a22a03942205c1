/**
 * The OP Stack through the real sync engine (embedded queue) on anvil + Postgres: the emulator
 * SystemConfig changes the batcher, batcher txs carry multi-tx calldata channels and blob
 * channels; the batches source follows the batcher history read back from parameter_changes
 * (waiting for the system-config source), and its decoder state survives ranges and reorgs.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Registry } from 'prom-client';
import { encodeDeployData, encodeFunctionData, pad, toHex, type Hex, type setupKzg } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { createTestDatabase, type TestDatabase } from '../../db/testing.ts';
import { createIngest, type Ingest } from '../../ingest/engine.ts';
import { startTestChain, waitFor, type TestChain } from '../../ingest/testing/chain.ts';
import { DEVNET_MNEMONIC } from '../../devnet/anvil.ts';
import { loadArtifact } from '../../devnet/compile.ts';
import { opStackChain } from '../../rollups/templates/opstack.ts';
import type { Address } from '../../rollups/types.ts';
import { batcherHistoryFromDb } from './batcher-history.ts';
import { encodeBatcherSubmission, type BatcherSubmission, type L2BlockForBatch } from './derivation/index.ts';
import { createOpStack } from './index.ts';
import type { DecodeIssue } from './rows.ts';

const CHAIN_ID = 31337;
const INBOX = '0xff00000000000000000000000000000000000901' as Address;
const GENESIS = { l1Block: 0, l2Block: 0, l2Time: 1_735_000_000, blockTime: 2 };
const deployer = mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: 0 });
const batcher1 = mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: 1 });
const batcher2 = mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: 2 });
const lower = (a: string) => a.toLowerCase() as Address;

function kzg(): ReturnType<typeof setupKzg> {
  const require = createRequire(import.meta.url);
  const cKzg = require('c-kzg') as { loadTrustedSetup(p: number): void; blobToKzgCommitment(b: Uint8Array): Uint8Array; computeBlobKzgProof(b: Uint8Array, c: Uint8Array): Uint8Array };
  try {
    cKzg.loadTrustedSetup(0);
  } catch (e) {
    if (!/already loaded/i.test(String((e as Error).message))) throw e;
  }
  return { blobToKzgCommitment: cKzg.blobToKzgCommitment, computeBlobKzgProof: cKzg.computeBlobKzgProof } as ReturnType<typeof setupKzg>;
}

function blocks(first: number, count: number): L2BlockForBatch[] {
  return Array.from({ length: count }, (_, i) => {
    const n = first + i;
    return {
      parentHash: pad(toHex(n - 1)), timestamp: GENESIS.l2Time + n * 2, l1Origin: { number: 1 + Math.floor(n / 6), hash: pad(toHex(n)) },
      sequenceNumber: n % 6, transactions: [],
    };
  });
}

interface Sent { hash: Hex; block: number; bytes: number; blobs: number; from: Address }

describe('OP Stack through the sync engine', () => {
  let chain: TestChain;
  let tdb: TestDatabase;
  let ingest: Ingest | undefined;
  let systemConfig: Address;
  const issues: DecodeIssue[] = [];
  const channels: { sub: BatcherSubmission; txs: Sent[]; first: number; last: number }[] = [];
  let stale: Sent;

  async function send(account: typeof deployer, tx: { to?: Address; data?: Hex; blobs?: Uint8Array[] }): Promise<Sent> {
    const blobFee = tx.blobs ? await chain.client.getBlobBaseFee() : 0n;
    const hash = await chain.wallet.sendTransaction({
      account, chain: null, to: tx.to, data: tx.data ?? '0x',
      ...(tx.blobs ? { blobs: tx.blobs, kzg: kzg(), maxFeePerBlobGas: blobFee * 2n + 10n ** 9n, gas: 21_000n } : { gas: 2_000_000n }),
    } as never);
    const r = await chain.client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (r.status !== 'success') throw new Error(`tx ${hash} reverted`);
    return { hash, block: Number(r.blockNumber), bytes: tx.blobs ? tx.blobs.length * 131_072 : ((tx.data?.length ?? 2) - 2) / 2, blobs: tx.blobs?.length ?? 0, from: lower(account.address) };
  }

  async function postChannel(account: typeof deployer, sub: BatcherSubmission): Promise<Sent[]> {
    const out: Sent[] = [];
    for (const t of sub.txs) out.push(await send(account, t.kind === 'calldata' ? { to: INBOX, data: toHex(t.data) } : { to: INBOX, blobs: t.blobs }));
    return out;
  }

  beforeAll(async () => {
    [chain, tdb] = await Promise.all([startTestChain(CHAIN_ID), createTestDatabase()]);
    const sc = loadArtifact('SystemConfig');
    const deployed = await send(deployer, { data: encodeDeployData({ abi: sc.abi, bytecode: sc.bytecode, args: [deployer.address, 1368, 810949, pad(batcher1.address), 30_000_000n, deployer.address, INBOX] }) });
    systemConfig = lower((await chain.client.getTransactionReceipt({ hash: deployed.hash })).contractAddress!);
    const common = { genesisL2Time: GENESIS.l2Time, chainId: 901 } as const;
    // Channel 0: span + zlib calldata cut into several txs; channel 1: singular + brotli in 2 blobs of one tx.
    const subs = [
      encodeBatcherSubmission({ ...common, blocks: blocks(1, 30), batchType: 'span', compression: 'zlib', target: 'calldata', maxFrameSize: 28 }),
      encodeBatcherSubmission({ ...common, blocks: blocks(31, 20), batchType: 'singular', compression: 'brotli', target: 'blobs', maxFrameSize: 60, blobsPerTx: 2 }),
    ];
    expect(subs[0]!.txs.length).toBeGreaterThanOrEqual(3);
    for (const [i, sub] of subs.entries()) {
      const txs = await postChannel(batcher1, sub);
      await chain.mine(40);
      channels.push({ sub, txs, first: i === 0 ? 1 : 31, last: i === 0 ? 30 : 50 });
    }
    // The batcher changes; the old one keeps posting (ignored), the new one posts channel 2.
    await send(deployer, { to: systemConfig, data: encodeFunctionData({ abi: sc.abi, functionName: 'setBatcherHash', args: [pad(batcher2.address)] }) });
    stale = (await postChannel(batcher1, encodeBatcherSubmission({ ...common, blocks: blocks(51, 5), batchType: 'span', compression: 'brotli', target: 'calldata' })))[0]!;
    const sub2 = encodeBatcherSubmission({ ...common, blocks: blocks(51, 10), batchType: 'span', compression: 'brotli', target: 'calldata' });
    channels.push({ sub: sub2, txs: await postChannel(batcher2, sub2), first: 51, last: 60 });
    await chain.mine(70); // below the finalized tag (latest − 64)
  }, 120_000);

  afterAll(async () => {
    await ingest?.stop();
    await chain?.stop();
    await tdb?.drop();
  });

  const definition = () => opStackChain({
    id: 'devnet-op', name: 'Devnet OP', l1ChainId: CHAIN_ID, l2ChainId: 901,
    contracts: {
      optimismPortal: { address: '0x00000000000000000000000000000000000a0a01', fromBlock: 0 },
      systemConfig: { address: systemConfig, fromBlock: 0 },
      disputeGameFactory: { address: '0x00000000000000000000000000000000000a0a02', fromBlock: 0 },
    },
    batchInbox: INBOX, initialBatcher: lower(batcher1.address), genesis: GENESIS,
  });

  async function synced(): Promise<boolean> {
    const head = Number(await chain.client.getBlockNumber());
    const p = await ingest!.refreshProgress();
    return p.synced && p.chains[0]!.tip === head;
  }

  type Row = { batch_number: string; tx_hash: string; submitter: string; data_location: string; bytes_posted: number; blob_count: number; l2_block_start: number; l2_block_end: number; execution_fee: string; blob_fee: string | null; block_number: number };
  const rows = () => tdb.db.query<Row>(`select batch_number::text, tx_hash, submitter, data_location, bytes_posted::int, blob_count::int, l2_block_start::int, l2_block_end::int,
    execution_fee::text, blob_fee::text, block_number::int from sequencer_batches where rollup_id = 'devnet-op' order by batch_number`);

  async function feesOf(txs: Sent[]) {
    let exec = 0n;
    let blob = 0n;
    for (const t of txs) {
      const r = await chain.client.getTransactionReceipt({ hash: t.hash });
      exec += r.gasUsed * r.effectiveGasPrice;
      if (r.blobGasUsed !== undefined) blob += r.blobGasUsed * r.blobGasPrice!;
    }
    return { exec: exec.toString(), blob: txs.some((t) => t.blobs > 0) ? blob.toString() : null };
  }

  it('backfills one row per channel from the batcher in force at each block', async () => {
    const db = tdb.db;
    const stack = createOpStack({ batchers: batcherHistoryFromDb({ db }), onIssue: (i) => issues.push(i) });
    ingest = createIngest({
      db, chains: [{ chainId: CHAIN_ID, rpcUrls: [chain.anvil.rpcUrl], pollIntervalMs: 100 }],
      rollups: [{ definition: definition(), stack }], logger: pino({ level: 'silent' }), metrics: new Registry(), concurrency: 3,
      tuning: { jobSpanBlocks: 50, sequentialJobSpanBlocks: 30, initialLogSpan: 20, progress: 'off' },
    });
    await ingest.start();
    await waitFor(synced, { what: 'backfill', timeoutMs: 90_000 });
    const got = await rows();
    const expected = await Promise.all(channels.map(async (c, i) => {
      const fees = await feesOf(c.txs);
      const last = c.txs.at(-1)!;
      return {
        batch_number: String(i), tx_hash: last.hash, submitter: last.from, data_location: c.txs[0]!.blobs > 0 ? 'BLOB' : 'CALLDATA',
        bytes_posted: c.txs.reduce((s, t) => s + t.bytes, 0), blob_count: c.txs.reduce((s, t) => s + t.blobs, 0),
        l2_block_start: c.first, l2_block_end: c.last, execution_fee: fees.exec, blob_fee: fees.blob, block_number: last.block,
      };
    }));
    expect(got).toEqual(expected);
    expect(got.map((r) => r.tx_hash)).not.toContain(stale.hash);
    const params = await db.query<{ name: string; value: unknown; block_number: number }>(`select name, value, block_number::int from parameter_changes where rollup_id = 'devnet-op' and name = 'batcher' order by block_number`);
    expect(params.map((p) => p.value)).toEqual([lower(batcher1.address), lower(batcher2.address)]);
    expect(issues).toEqual([]);
  }, 120_000);

  it('a reorg dropping the completing tx rolls the channel back; reposting completes it with the same batch number', async () => {
    const db = tdb.db;
    const sub = encodeBatcherSubmission({ genesisL2Time: GENESIS.l2Time, chainId: 901, blocks: blocks(61, 12), batchType: 'span', compression: 'zlib', target: 'calldata', maxFrameSize: 28 });
    expect(sub.txs.length).toBeGreaterThanOrEqual(2);
    const data = sub.txs.map((t) => toHex((t as { data: Uint8Array }).data));
    const opening: Sent[] = [];
    for (const d of data.slice(0, -1)) opening.push(await send(batcher2, { to: INBOX, data: d }));
    await chain.mine(3);
    await waitFor(synced, { what: 'opening frames indexed' });
    const completing = await send(batcher2, { to: INBOX, data: data.at(-1)! });
    await waitFor(async () => (await synced()) && (await rows()).length === 4, { what: 'channel 3 indexed' });
    expect((await rows())[3]).toMatchObject({ batch_number: '3', tx_hash: completing.hash, l2_block_start: 61, l2_block_end: 72 });

    // Drop the completing tx's block (and nothing before it).
    const head = Number(await chain.client.getBlockNumber());
    const depth = head - completing.block + 1;
    await chain.client.request({ method: 'anvil_reorg' as never, params: [depth, []] as never });
    await chain.mine(1);
    await waitFor(async () => (await synced()) && (await rows()).length === 3, { what: 'reorg rolled the row back' });

    // Reposting the last frame completes the channel again, from the state before the reorg.
    const again = await send(batcher2, { to: INBOX, data: data.at(-1)! });
    await waitFor(async () => (await synced()) && (await rows()).length === 4, { what: 'channel 3 completed again' });
    const fees = await feesOf([...opening, again]);
    expect((await rows())[3]).toEqual({
      batch_number: '3', tx_hash: again.hash, submitter: lower(batcher2.address), data_location: 'CALLDATA',
      bytes_posted: [...opening, again].reduce((s, t) => s + t.bytes, 0), blob_count: 0, l2_block_start: 61, l2_block_end: 72,
      execution_fee: fees.exec, blob_fee: null, block_number: again.block,
    });
    const orphans = await db.query<{ n: number }>(`select count(*)::int as n from sequencer_batches s left join blocks b on b.chain_id = s.chain_id and b.number = s.block_number and b.hash = s.block_hash where b.hash is null`);
    expect(orphans[0]!.n).toBe(0);
    expect(issues).toEqual([]);
  }, 120_000);
});
