/**
 * Data availability and L1 blocks over HTTP on real Postgres: bytes, blobs, blob gas and fees per
 * rollup (exact wei), each rollup's share of an L1 block's blob capacity, and the Relay
 * connections (stable cursors, filters, bridge messages grouped by message).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing.ts';
import { arbitrumDefinition, opDefinition } from '../metrics/fixtures.ts';
import { refreshRollupSnapshot } from '../metrics/snapshot.ts';
import { batchRow, bridgeRow, setChainHead, startTestApi, writeAll, writeBlocks, type TestApi } from './testkit.ts';

const ARB = 'arb-da';
const OP = 'op-da';
const T0 = 1_700_200_000;
const GWEI = 1_000_000_000n;

const arbBlob = { dataLocation: 'BLOB', bytesPosted: 200_000, blobCount: 2, blobGasUsed: '262144', blobBaseFee: '7', l1GasUsed: '21000', l1GasPrice: String(GWEI), executionFee: String(21_000n * GWEI), blobFee: String(262_144n * 7n) };
const opBlob = { dataLocation: 'BLOB', bytesPosted: 100_000, blobCount: 1, blobGasUsed: null, executionFee: '50000000000000', blobFee: '1000000' };
const arbCalldata = { dataLocation: 'CALLDATA', bytesPosted: 5_000, blobCount: 0, executionFee: '30000000000000', blobFee: null };

describe('DA figures and L1 blocks', () => {
  let t: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    t = await createTestDatabase();
    api = await startTestApi(t.db, [arbitrumDefinition(ARB), opDefinition(OP)], { now: T0 + 1_000 });
    await writeBlocks(t.db, [
      { number: 5_000, timestamp: T0 + 12, blobGasUsed: 4 * 131_072, excessBlobGas: 0, finalizedAt: T0 + 800 },
      { number: 5_001, timestamp: T0 + 24, blobGasUsed: 0 },
    ]);
    await setChainHead(t.db, 31_337, { latest: 5_200, finalized: 5_100, latestTime: T0 + 990 });
    await writeAll(t.db, {
      batches: [
        batchRow(ARB, { block: 5_000, time: T0 + 12, tx: 1, log: 4 }, { batchNumber: '100', ...arbBlob }),
        batchRow(OP, { block: 5_000, time: T0 + 12, tx: 2, log: -1 }, { batchNumber: '7', ...opBlob }),
        batchRow(ARB, { block: 5_001, time: T0 + 24, tx: 0, log: 1 }, { batchNumber: '101', ...arbCalldata }),
        ...Array.from({ length: 25 }, (_, i) => batchRow(ARB, { block: 5_100 + i, time: T0 + 100 + 12 * i, log: 1 }, { batchNumber: String(102 + i), ...arbCalldata })),
      ],
      bridge: [
        bridgeRow(ARB, { block: 5_000, time: T0 + 12, log: 9 }, { direction: 'DEPOSIT', kind: 'ETH', messageId: '41', stage: 'INITIATED', sender: '0x00000000000000000000000000000000000000d1', amount: '1000000000000000000' }),
        bridgeRow(ARB, { block: 5_003, time: T0 + 36, log: 2 }, { direction: 'DEPOSIT', kind: 'ETH', messageId: '41', stage: 'INCLUDED' }),
        bridgeRow(ARB, { block: 5_002, time: T0 + 30, log: 1 }, { direction: 'WITHDRAWAL', kind: 'ETH', messageId: '0xw1', stage: 'INITIATED', amount: '5' }),
        bridgeRow(ARB, { block: 5_150, time: T0 + 700, log: 1 }, { direction: 'WITHDRAWAL', kind: 'ETH', messageId: '0xw1', stage: 'FINALIZED' }),
      ],
    });
    await refreshRollupSnapshot(t.db, ARB, { now: T0 + 1_000 });
    await refreshRollupSnapshot(t.db, OP, { now: T0 + 1_000 });
  });
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  it('sums bytes, blobs, blob gas and fees exactly per rollup and per location', async () => {
    const r = await api.gql(
      `query($id: ID!) { rollup(id: $id) { da(window: { last: H1 }) {
        total { dataLocation batches bytesPosted blobs blobGasUsed executionFeeWei blobFeeWei totalFeeWei feePerByteWei }
        byLocation { dataLocation batches bytesPosted blobs blobGasUsed totalFeeWei } } } }`,
      { id: ARB },
    );
    expect(r.errors).toBeUndefined();
    const exec = 21_000n * GWEI + 26n * 30_000_000_000_000n;
    const blob = 262_144n * 7n;
    const bytes = 200_000n + 26n * 5_000n;
    expect(r.data.rollup.da.total).toEqual({
      dataLocation: null,
      batches: 27,
      bytesPosted: bytes.toString(),
      blobs: 2,
      blobGasUsed: '262144',
      executionFeeWei: exec.toString(),
      blobFeeWei: blob.toString(),
      totalFeeWei: (exec + blob).toString(),
      feePerByteWei: ((exec + blob) / bytes).toString(),
    });
    expect(r.data.rollup.da.byLocation).toEqual([
      { dataLocation: 'BLOB', batches: 1, bytesPosted: '200000', blobs: 2, blobGasUsed: '262144', totalFeeWei: (21_000n * GWEI + blob).toString() },
      { dataLocation: 'CALLDATA', batches: 26, bytesPosted: '130000', blobs: 0, blobGasUsed: '0', totalFeeWei: (26n * 30_000_000_000_000n).toString() },
    ]);
    const op = await api.gql(`query { rollup(id: "${OP}") { da { total { blobGasUsed totalFeeWei } } } }`);
    // A blob batch without blobGasUsed counts blobCount × 131072.
    expect(op.data.rollup.da.total).toEqual({ blobGasUsed: '131072', totalFeeWei: '50000001000000' });
  });

  it('gives each rollup its share of the L1 block blob capacity and blob gas', async () => {
    const r = await api.gql(`{ l1Block(chainId: 31337, number: 5000) {
      number hash timestampSeconds blobGasUsed blobGasCapacity maxBlobs finalizedAt finalizedEstimated
      rollups { rollup { id } blobs blobGasUsed shareOfBlobCapacity shareOfBlobGasUsed feesWei batches { number dataLocation l1FinalizedAt } } } }`);
    expect(r.errors).toBeUndefined();
    const b = r.data.l1Block;
    expect(b).toMatchObject({ number: 5_000, timestampSeconds: T0 + 12, blobGasUsed: '524288', blobGasCapacity: String(9 * 131_072), maxBlobs: 9, finalizedAt: new Date((T0 + 800) * 1000).toISOString(), finalizedEstimated: false });
    expect(b.rollups).toEqual([
      { rollup: { id: ARB }, blobs: 2, blobGasUsed: '262144', shareOfBlobCapacity: 2 / 9, shareOfBlobGasUsed: 0.5, feesWei: (21_000n * GWEI + 262_144n * 7n).toString(), batches: [{ number: '100', dataLocation: 'BLOB', l1FinalizedAt: new Date((T0 + 800) * 1000).toISOString() }] },
      { rollup: { id: OP }, blobs: 1, blobGasUsed: '131072', shareOfBlobCapacity: 1 / 9, shareOfBlobGasUsed: 0.25, feesWei: '50000001000000', batches: [{ number: '7', dataLocation: 'BLOB', l1FinalizedAt: new Date((T0 + 800) * 1000).toISOString() }] },
    ]);
    // The batch's l1Block relation goes through the same type.
    const viaBatch = await api.gql(`{ batch(rollup: "${ARB}", number: "101") { number l1 { blockNumber } l1Block { blobGasUsed rollups { rollup { id } shareOfBlobCapacity } } l1FinalizedEstimated } }`);
    expect(viaBatch.data.batch).toEqual({ number: '101', l1: { blockNumber: 5_001 }, l1Block: { blobGasUsed: '0', rollups: [{ rollup: { id: ARB }, shareOfBlobCapacity: 0 }] }, l1FinalizedEstimated: true });
  });

  it('answers blocks without facts, and rejects unknown chains and out-of-range blocks', async () => {
    const empty = await api.gql(`{ l1Block(chainId: 31337, number: 5005) { number hash rollups { rollup { id } } } }`);
    expect(empty.data.l1Block).toEqual({ number: 5_005, hash: null, rollups: [] });
    const far = await api.gql(`{ l1Block(chainId: 31337, number: 6000) { number } }`);
    expect(far.errors?.[0]).toMatchObject({ message: 'Block 6000 of chain 31337 is out of range: the followed head is 5200', extensions: { code: 'L1_BLOCK_OUT_OF_RANGE', head: 5_200 } });
    expect((await api.gql(`{ l1Block(chainId: 31337, number: -1) { number } }`)).errors?.[0].extensions.code).toBe('L1_BLOCK_OUT_OF_RANGE');
    expect((await api.gql(`{ l1Block(chainId: 999, number: 1) { number } }`)).errors?.[0]).toMatchObject({ extensions: { code: 'UNKNOWN_CHAIN', chainId: 999 } });
    expect((await api.gql(`{ batch(rollup: "${ARB}", number: "99999") { number } }`)).errors?.[0]).toMatchObject({ extensions: { code: 'BATCH_NOT_FOUND' } });
  });

  it('pages batches with stable cursors, unaffected by new facts arriving between pages', async () => {
    const q = `query($after: String, $order: Order) { rollup(id: "${ARB}") { batches(first: 10, after: $after, order: $order) { nodes { number } pageInfo { hasNextPage hasPreviousPage endCursor } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const r: any = await api.gql(q, { after });
      expect(r.errors).toBeUndefined();
      const c = r.data.rollup.batches;
      seen.push(...c.nodes.map((n: { number: string }) => n.number));
      expect(c.pageInfo.hasPreviousPage).toBe(page > 0);
      if (page === 0) {
        // A newer batch lands after the first page was read: it must not shift the next pages.
        await writeAll(t.db, { batches: [batchRow(ARB, { block: 5_190, time: T0 + 900, log: 1 }, { batchNumber: '200', ...arbCalldata })] });
        await refreshRollupSnapshot(t.db, ARB, { now: T0 + 1_000 });
      }
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(seen).toEqual(Array.from({ length: 27 }, (_, i) => String(126 - i)));
    const oldest = await api.gql(q, { order: 'OLDEST_FIRST' });
    expect(oldest.data.rollup.batches.nodes.slice(0, 3)).toEqual([{ number: '100' }, { number: '101' }, { number: '102' }]);
    const filtered = await api.gql(`{ rollup(id: "${ARB}") { batches(first: 100, filter: { fromBlock: 5001, toBlock: 5102 }, order: OLDEST_FIRST) { nodes { number } } } }`);
    expect(filtered.data.rollup.batches.nodes).toEqual([{ number: '101' }, { number: '102' }, { number: '103' }, { number: '104' }]);
    const byTime = await api.gql(`query($from: DateTime, $to: DateTime) { rollup(id: "${ARB}") { batches(filter: { from: $from, to: $to }) { nodes { number } } } }`, {
      from: new Date((T0 + 100) * 1000).toISOString(),
      to: new Date((T0 + 124) * 1000).toISOString(),
    });
    expect(byTime.data.rollup.batches.nodes).toEqual([{ number: '103' }, { number: '102' }]);
  });

  it('groups bridge message stages by message, ordered by first sighting', async () => {
    const r = await api.gql(`{ rollup(id: "${ARB}") { bridgeMessages { nodes { messageId direction stage amount sender stages { stage l1 { blockNumber } } } } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.rollup.bridgeMessages.nodes).toEqual([
      { messageId: '0xw1', direction: 'WITHDRAWAL', stage: 'FINALIZED', amount: '5', sender: null, stages: [{ stage: 'INITIATED', l1: { blockNumber: 5_002 } }, { stage: 'FINALIZED', l1: { blockNumber: 5_150 } }] },
      { messageId: '41', direction: 'DEPOSIT', stage: 'INCLUDED', amount: '1000000000000000000', sender: '0x00000000000000000000000000000000000000d1', stages: [{ stage: 'INITIATED', l1: { blockNumber: 5_000 } }, { stage: 'INCLUDED', l1: { blockNumber: 5_003 } }] },
    ]);
    const deposits = await api.gql(`{ rollup(id: "${ARB}") { bridgeMessages(direction: DEPOSIT, first: 1) { nodes { messageId } pageInfo { hasNextPage } } } }`);
    expect(deposits.data.rollup.bridgeMessages).toEqual({ nodes: [{ messageId: '41' }], pageInfo: { hasNextPage: false } });
    const page1 = await api.gql(`{ rollup(id: "${ARB}") { bridgeMessages(first: 1) { nodes { messageId } pageInfo { endCursor } } } }`);
    const page2 = await api.gql(`query($a: String) { rollup(id: "${ARB}") { bridgeMessages(first: 1, after: $a) { nodes { messageId } pageInfo { hasNextPage } } } }`, { a: page1.data.rollup.bridgeMessages.pageInfo.endCursor });
    expect(page2.data.rollup.bridgeMessages).toEqual({ nodes: [{ messageId: '41' }], pageInfo: { hasNextPage: false } });
  });
});
