import { describe, expect, it } from 'vitest';
import { encodeFunctionData, type Hex } from 'viem';
import { arbitrumOne } from '../../rollups/arbitrum-one.ts';
import { LogDecodeError, CallDecodeError } from '../../chain/decode/index.ts';
import { eventOf, sequencerInboxEvents, sequencerInboxFunctions } from './abi.ts';
import { decodeBatchCall } from './batch-call.ts';
import { resolveL2Times, type SequencerBatchRow } from './batches.ts';
import { ChainError } from '../../chain/errors.ts';
import { classifyBatchData } from './data-location.ts';
import { arbitrumStack } from './index.ts';
import { MissingTransactionError } from './rows.ts';
import { arbitrumSources } from './sources.ts';
import { encodeLog, fakeHash, sourceBatch, testContext, tx } from './testing.ts';

const rollup = arbitrumOne;
const source = arbitrumSources(rollup).find((s) => s.id === 'sequencer-inbox')!;
const inbox = rollup.contracts.sequencerInbox.address;
const BATCH_POSTER = '0xC1b634853Cb333D3aD8663715b08f41A3Aec47cc' as const;
const GAS_REFUNDER = '0xe64a54e2533fd126c2e452c5fab544d80e2e4eb5' as const;
const GENESIS = 22_207_817;
const delivered = eventOf(sequencerInboxEvents, 'SequencerBatchDelivered');
const batchData = eventOf(sequencerInboxEvents, 'SequencerBatchData');
const delayProof = {
  beforeDelayedAcc: fakeHash('acc'),
  delayedMessage: {
    kind: 9, sender: '0xd92023e9d9911199a6711321d1277285e6d4e2db', blockNumber: 21_500_000n, timestamp: 1_735_000_000n,
    inboxSeqNum: 1_870_554n, baseFeeL1: 9_000_000_000n, messageDataHash: fakeHash('msg'),
  },
} as const;

interface BatchCase {
  sequenceNumber: bigint;
  dataLocation: number;
  input: Hex;
  to?: string;
  blobHashes?: Hex[];
  receipt?: NonNullable<Parameters<typeof tx>[0]['receipt']>;
  separateData?: Hex;
  afterDelayedMessagesRead?: bigint;
}

const block = 21_520_013;
const blockTime = 1_735_200_011;

async function decodeOne(c: BatchCase) {
  const hash = fakeHash('tx');
  const logs = [encodeLog(delivered, {
    batchSequenceNumber: c.sequenceNumber,
    beforeAcc: fakeHash('before'), afterAcc: fakeHash('after'), delayedAcc: fakeHash('delayed'),
    afterDelayedMessagesRead: c.afterDelayedMessagesRead ?? 1_870_555n,
    timeBounds: { minTimestamp: 1_735_113_611n, maxTimestamp: 1_735_203_611n, minBlockNumber: 21_512_813n, maxBlockNumber: 21_520_013n + 6_646n },
    dataLocation: c.dataLocation,
  }, { address: inbox, blockNumber: block, blockTime, transactionHash: hash, transactionIndex: 41, logIndex: 187 })];
  if (c.separateData) {
    logs.push(encodeLog(batchData, { batchSequenceNumber: c.sequenceNumber, data: c.separateData }, { address: inbox, blockNumber: block, blockTime, transactionHash: hash, transactionIndex: 41, logIndex: 188 }));
  }
  const transaction = tx({
    hash, from: BATCH_POSTER, to: (c.to ?? inbox) as `0x${string}`, input: c.input, blockNumber: block, blockTime, transactionIndex: 41,
    type: c.blobHashes ? '0x3' : '0x2', blobVersionedHashes: c.blobHashes, receipt: c.receipt,
  });
  const facts = await arbitrumStack.decode(rollup, sourceBatch(source, logs, [transaction]), testContext());
  expect(facts.sequencerBatches).toHaveLength(1);
  return { row: facts.sequencerBatches[0]!, hash, facts };
}

const extraOf = (row: { extra?: unknown }) => row.extra as Record<string, unknown>;
const call = (functionName: string, args: readonly unknown[]) =>
  encodeFunctionData({ abi: sequencerInboxFunctions, functionName, args } as never) as Hex;

describe('sequencer batches (SequencerBatchDelivered + transaction + receipt)', () => {
  it('a blob batch (addSequencerL2BatchFromBlobs): every column', async () => {
    const blobHashes = [fakeHash('b1'), fakeHash('b2'), fakeHash('b3')].map((h) => `0x01${h.slice(4)}` as Hex);
    const input = call('addSequencerL2BatchFromBlobs', [725_431n, 1_870_555n, GAS_REFUNDER, 268_000_000n, 268_004_532n]);
    const { row, hash } = await decodeOne({
      sequenceNumber: 725_431n, dataLocation: 3, input, blobHashes,
      receipt: { status: 'success', gasUsed: 164_112n, effectiveGasPrice: 12_345_678_901n, blobGasUsed: 393_216n, blobGasPrice: 3n },
    });
    expect(row).toEqual({
      chainId: 1, blockNumber: block, blockHash: expect.stringMatching(/^0x[0-9a-f]{64}$/), blockTime, txHash: hash, txIndex: 41, logIndex: 187, subIndex: 0,
      rollupId: 'arbitrum-one',
      batchNumber: '725431',
      submitter: BATCH_POSTER.toLowerCase(),
      dataLocation: 'BLOB',
      bytesPosted: 3 * 131_072,
      blobCount: 3,
      blobGasUsed: '393216',
      blobBaseFee: '3',
      l1GasUsed: '164112',
      l1GasPrice: '12345678901',
      executionFee: (164_112n * 12_345_678_901n).toString(),
      blobFee: (393_216n * 3n).toString(),
      l2BlockStart: 268_000_000 + GENESIS,
      l2BlockEnd: 268_004_532 - 1 + GENESIS,
      l2TimeStart: null,
      l2TimeEnd: null,
      delayedMessagesRead: '1870555',
      forced: false,
      extra: {
        beforeAcc: expect.any(String), afterAcc: expect.any(String), delayedAcc: expect.any(String),
        timeBounds: { minTimestamp: '1735113611', maxTimestamp: '1735203611', minBlockNumber: '21512813', maxBlockNumber: String(21_520_013 + 6_646) },
        dataLocationCode: 3, function: 'addSequencerL2BatchFromBlobs', prevMessageCount: '268000000', newMessageCount: '268004532',
      },
    });
  });

  it('blob count falls back to receipt blobGasUsed / 131072 when the tx has no versioned hashes', async () => {
    const input = call('addSequencerL2BatchFromBlobs', [9n, 1n, GAS_REFUNDER, 100n, 101n]);
    const { row } = await decodeOne({ sequenceNumber: 9n, dataLocation: 3, input, receipt: { status: 'success', gasUsed: 1n, effectiveGasPrice: 1n, blobGasUsed: 262_144n, blobGasPrice: 1n } });
    expect(row.blobCount).toBe(2);
    expect(row.bytesPosted).toBe(262_144);
  });

  it('a calldata batch (current addSequencerL2BatchFromOrigin, brotli header 0x00): bytes = data length, no blob fields', async () => {
    const data = `0x00${'1b'.repeat(96_999)}` as Hex;
    const input = call('addSequencerL2BatchFromOrigin', [512_000n, data, 1_500_000n, GAS_REFUNDER, 150_000_000n, 150_000_250n]);
    const { row } = await decodeOne({ sequenceNumber: 512_000n, dataLocation: 0, input, receipt: { status: 'success', gasUsed: 1_650_000n, effectiveGasPrice: 20_000_000_000n } });
    expect(row).toMatchObject({
      dataLocation: 'CALLDATA', bytesPosted: 97_000, blobCount: 0, blobGasUsed: null, blobBaseFee: null, blobFee: null,
      l1GasUsed: '1650000', executionFee: (1_650_000n * 20_000_000_000n).toString(),
      l2BlockStart: 150_000_000 + GENESIS, l2BlockEnd: 150_000_249 + GENESIS, delayedMessagesRead: '1870555', forced: false,
    });
    expect(row.extra).toMatchObject({ headerByte: '0x00', function: 'addSequencerL2BatchFromOrigin' });
  });

  it('the pre-2023 4-argument addSequencerL2BatchFromOrigin declares no message counts: range null with a reason', async () => {
    const input = call('addSequencerL2BatchFromOrigin', [1_000n, '0x20abcd', 40_000n, GAS_REFUNDER]);
    expect(input.slice(0, 10)).toBe('0x6f12b0c9');
    const { row } = await decodeOne({ sequenceNumber: 1_000n, dataLocation: 0, input });
    expect(row).toMatchObject({ dataLocation: 'CALLDATA', bytesPosted: 3, l2BlockStart: null, l2BlockEnd: null, l1GasUsed: null, executionFee: null });
    expect(extraOf(row).reason).toMatch(/4-argument overload\) declares no message counts/);
  });

  it('addSequencerL2Batch with its data in a SequencerBatchData event: AnyTrust certificate (0x88)', async () => {
    const cert = `0x88${'ab'.repeat(200)}` as Hex;
    const input = call('addSequencerL2Batch', [77n, cert, 10n, GAS_REFUNDER, 5_000n, 5_010n]);
    const { row } = await decodeOne({ sequenceNumber: 77n, dataLocation: 1, input, separateData: cert });
    expect(row).toMatchObject({ dataLocation: 'ANYTRUST', bytesPosted: 201, l2BlockStart: 5_000 + GENESIS, l2BlockEnd: 5_009 + GENESIS });
  });

  it('DelayProof variants decode their message counts; header bytes pick Celestia / EigenDA / blobs', async () => {
    const celestia = `0x63${'00'.repeat(88)}` as Hex;
    const a = await decodeOne({ sequenceNumber: 900_001n, dataLocation: 0, input: call('addSequencerL2BatchFromOriginDelayProof', [900_001n, celestia, 2_000_000n, GAS_REFUNDER, 300_000_000n, 300_000_100n, delayProof]) });
    expect(a.row).toMatchObject({ dataLocation: 'CELESTIA', bytesPosted: 89, l2BlockStart: 300_000_000 + GENESIS, l2BlockEnd: 300_000_099 + GENESIS });
    expect(extraOf(a.row).function).toBe('addSequencerL2BatchFromOriginDelayProof');

    const b = await decodeOne({ sequenceNumber: 900_002n, dataLocation: 3, blobHashes: [fakeHash('x')], input: call('addSequencerL2BatchFromBlobsDelayProof', [900_002n, 2_000_001n, GAS_REFUNDER, 300_000_100n, 300_000_400n, delayProof]) });
    expect(b.row).toMatchObject({ dataLocation: 'BLOB', blobCount: 1, l2BlockStart: 300_000_100 + GENESIS, l2BlockEnd: 300_000_399 + GENESIS });

    const eigen = `0xed${'01'.repeat(300)}` as Hex;
    const c = await decodeOne({ sequenceNumber: 900_003n, dataLocation: 0, input: call('addSequencerL2BatchDelayProof', [900_003n, eigen, 2_000_002n, GAS_REFUNDER, 300_000_400n, 300_000_401n, delayProof]) });
    expect(c.row).toMatchObject({ dataLocation: 'EIGENDA', bytesPosted: 301, l2BlockStart: 300_000_400 + GENESIS, l2BlockEnd: 300_000_400 + GENESIS });
  });

  it('forceInclusion: forced, no data, no range', async () => {
    const input = call('forceInclusion', [1_870_600n, 9, [21_500_000n, 1_735_000_000n], 9_000_000_000n, '0x0000000000000000000000000000000000000abc', fakeHash('m')]);
    expect(input.slice(0, 10)).toBe('0xf1981578');
    const { row } = await decodeOne({ sequenceNumber: 725_432n, dataLocation: 2, input, afterDelayedMessagesRead: 1_870_600n });
    expect(row).toMatchObject({ forced: true, dataLocation: 'NONE', bytesPosted: 0, l2BlockStart: null, l2BlockEnd: null, delayedMessagesRead: '1870600' });
    expect(row.extra).toMatchObject({ function: 'forceInclusion', reason: expect.stringMatching(/forceInclusion/) });
  });

  it('a batch posted through another contract: event facts kept, range null, reason given', async () => {
    const multisig = '0x0000000000000000000000000000000000c0ffee';
    const { row } = await decodeOne({ sequenceNumber: 5n, dataLocation: 1, to: multisig, input: '0x6a761202' + '00'.repeat(64) as Hex, separateData: '0x00beef' });
    expect(row).toMatchObject({ submitter: BATCH_POSTER.toLowerCase(), dataLocation: 'CALLDATA', bytesPosted: 3, l2BlockStart: null, l2BlockEnd: null, forced: false, batchNumber: '5' });
    expect(extraOf(row).reason).toMatch(/does not call the SequencerInbox directly \(to 0x0000000000000000000000000000000000c0ffee, selector 0x6a761202\)/);
  });

  it('a batch with no new messages has no range; a mismatching calldata sequence number is not trusted', async () => {
    const same = await decodeOne({ sequenceNumber: 6n, dataLocation: 0, input: call('addSequencerL2BatchFromOrigin', [6n, '0x00', 1n, GAS_REFUNDER, 42n, 42n]) });
    expect([same.row.l2BlockStart, same.row.l2BlockEnd]).toEqual([null, null]);
    expect(extraOf(same.row).reason).toBe('batch carries no new messages');
    const wild = await decodeOne({ sequenceNumber: 6n, dataLocation: 0, input: call('addSequencerL2BatchFromOrigin', [(1n << 256n) - 1n, '0x00', 1n, GAS_REFUNDER, 42n, 44n]) });
    expect([wild.row.l2BlockStart, wild.row.l2BlockEnd]).toEqual([42 + GENESIS, 43 + GENESIS]);
    const wrong = await decodeOne({ sequenceNumber: 6n, dataLocation: 0, input: call('addSequencerL2BatchFromOrigin', [7n, '0x00', 1n, GAS_REFUNDER, 42n, 44n]) });
    expect(wrong.row.l2BlockStart).toBeNull();
    expect(extraOf(wrong.row).reason).toMatch(/calldata sequenceNumber 7 differs from the event's 6/);
  });

  it('parameter events of the SequencerInbox become parameter_changes rows', async () => {
    const at = { address: inbox, blockNumber: 19_000_000, blockTime: 1_700_000_000, transactionHash: fakeHash('p') };
    const logs = [
      encodeLog(eventOf(sequencerInboxEvents, 'MaxTimeVariationSet'), { maxTimeVariation: { delayBlocks: 7200n, futureBlocks: 64n, delaySeconds: 86_400n, futureSeconds: 768n } }, { ...at, logIndex: 3 }),
      encodeLog(eventOf(sequencerInboxEvents, 'BatchPosterSet'), { batchPoster: BATCH_POSTER, isBatchPoster: true }, { ...at, logIndex: 4 }),
    ];
    const facts = await arbitrumStack.decode(rollup, sourceBatch(source, logs), testContext());
    expect(facts.parameterChanges.map((p) => [p.name, p.value, p.logIndex])).toEqual([
      ['maxTimeVariation', { delayBlocks: '7200', futureBlocks: '64', delaySeconds: '86400', futureSeconds: '768' }, 3],
      ['batchPoster', { address: BATCH_POSTER.toLowerCase(), enabled: true }, 4],
    ]);
  });
});

describe('malformed input gives clear errors', () => {
  it('a truncated SequencerBatchDelivered names the event and block', async () => {
    const hash = fakeHash('t');
    const log = encodeLog(delivered, {
      batchSequenceNumber: 1n, beforeAcc: fakeHash('a'), afterAcc: fakeHash('b'), delayedAcc: fakeHash('c'), afterDelayedMessagesRead: 1n,
      timeBounds: { minTimestamp: 0n, maxTimestamp: 0n, minBlockNumber: 0n, maxBlockNumber: 0n }, dataLocation: 0,
    }, { address: inbox, blockNumber: 20_000_001, blockTime: 1, transactionHash: hash, logIndex: 9 });
    const batch = sourceBatch(source, [{ ...log, data: log.data.slice(0, 2 + 64 * 6) as Hex }], []);
    const err = await arbitrumStack.decode(rollup, batch, testContext()).catch((e) => e);
    expect(err).toBeInstanceOf(LogDecodeError);
    expect(err.message).toMatch(/SequencerBatchDelivered log \(block 20000001, tx 0x[0-9a-f]+, log 9, address 0x1c47.*data is truncated; expected at least 224 bytes, got 192 bytes/);
  });

  it('a truncated batch call names the function and transaction', () => {
    const input = call('addSequencerL2BatchFromBlobs', [1n, 2n, GAS_REFUNDER, 3n, 4n]);
    expect(() => decodeBatchCall(input.slice(0, 100), '0xfeed')).toThrow(CallDecodeError);
    expect(() => decodeBatchCall(input.slice(0, 100), '0xfeed')).toThrow(/addSequencerL2BatchFromBlobs.*\(tx 0xfeed\): input is truncated/);
  });

  it('a log whose transaction was not fetched is an engine error, not a silent row', async () => {
    const log = encodeLog(delivered, {
      batchSequenceNumber: 1n, beforeAcc: fakeHash('a'), afterAcc: fakeHash('b'), delayedAcc: fakeHash('c'), afterDelayedMessagesRead: 1n,
      timeBounds: { minTimestamp: 0n, maxTimestamp: 0n, minBlockNumber: 0n, maxBlockNumber: 0n }, dataLocation: 3,
    }, { address: inbox, blockNumber: 5, blockTime: 1, transactionHash: fakeHash('t'), logIndex: 0 });
    await expect(arbitrumStack.decode(rollup, sourceBatch(source, [log]), testContext())).rejects.toThrow(MissingTransactionError);
  });
});

describe('classifyBatchData', () => {
  it.each([
    [0, '0x00aa', 'CALLDATA'], [0, '0x20aa', 'CALLDATA'], [0, '0x80aa', 'ANYTRUST'], [0, '0x88aa', 'ANYTRUST'],
    [0, '0x63aa', 'CELESTIA'], [0, '0x0163aa', 'CELESTIA'], [0, '0x01ffaa', 'ALT_DA'], [0, '0xedaa', 'EIGENDA'],
    [0, '0x50aa', 'BLOB'], [1, '0x88aa', 'ANYTRUST'], [2, undefined, 'NONE'], [3, undefined, 'BLOB'], [7, '0x00', 'ALT_DA'],
  ] as const)('location %i with data %s → %s', (code, data, expected) => {
    expect(classifyBatchData(code, data).location).toBe(expected);
  });
});

describe('L2 times of batches (resolveL2Times)', () => {
  const row = (start: number | null, end: number | null) => ({ l2BlockStart: start, l2BlockEnd: end, l2TimeStart: null, l2TimeEnd: null }) as unknown as SequencerBatchRow;
  const ctxWith = (blocks: Map<number, number>, calls: unknown[][] = []) => ({
    ...testContext(),
    l2: {
      getBlockByHash: async () => null,
      request: async <T>(method: string, params: readonly unknown[]) => {
        calls.push([method, ...params]);
        const t = blocks.get(Number(params[0]));
        return (t === undefined ? null : { timestamp: `0x${t.toString(16)}` }) as T;
      },
    },
  });

  it('first and last L2 block times from the L2 RPC, each block asked once; unknown ranges and no L2 RPC leave nulls', async () => {
    const rows = [row(GENESIS, GENESIS + 9), row(GENESIS + 10, GENESIS + 10), row(null, null)];
    const calls: unknown[][] = [];
    await resolveL2Times(rollup, rows, ctxWith(new Map([[GENESIS, 100], [GENESIS + 9, 109], [GENESIS + 10, 111]]), calls));
    expect(rows.map((r) => [r.l2TimeStart, r.l2TimeEnd])).toEqual([[100, 109], [111, 111], [null, null]]);
    expect(calls).toHaveLength(3);
    expect(calls[0]).toEqual(['eth_getBlockByNumber', `0x${GENESIS.toString(16)}`, false]);
    const alone = [row(GENESIS, GENESIS)];
    await resolveL2Times(rollup, alone, testContext());
    expect(alone[0]!.l2TimeStart).toBeNull();
  });

  it('an L2 node without the block is behind: retryable lagging error', async () => {
    const err = await resolveL2Times(rollup, [row(GENESIS, GENESIS + 1)], ctxWith(new Map([[GENESIS, 100]]))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChainError);
    expect(err).toMatchObject({ kind: 'lagging', retryable: true });
  });
});
