import { describe, expect, it } from 'vitest';
import { ContractFunctionExecutionError, ContractFunctionRevertedError, type Hex } from 'viem';
import { arbitrumOne } from '../../rollups/arbitrum-one.ts';
import { boldRollupEvents, edgeChallengeManagerEvents, eventOf, legacyChallengeManagerEvents, legacyRollupEvents } from './abi.ts';
import { arbitrumStack } from './index.ts';
import { arbitrumSources } from './sources.ts';
import { encodeLog, fakeHash, sourceBatch, testContext, tx } from './testing.ts';
import type { RawLog, RawTransaction } from '../types.ts';

const rollup = arbitrumOne;
const sources = arbitrumSources(rollup);
const legacySource = sources.find((s) => s.id === 'rollup-legacy')!;
const boldSource = sources.find((s) => s.id === 'rollup-bold')!;
const { legacyRollup, legacyChallengeManager, boldRollup, edgeChallengeManager } = rollup.contracts;
const VALIDATOR = '0x0ff813f6bd577c3d1cdbe435bac0621be6ae34b4';
const CHALLENGER = '0x00000000000000000000000000000000000bad00';
const ZERO = `0x${'0'.repeat(64)}` as Hex;

interface At { blockNumber: number; blockTime: number; transactionHash: Hex; logIndex: number }

/** Logs emitted by one transaction, with that transaction. */
class Chain {
  logs: RawLog[] = [];
  txs: RawTransaction[] = [];
  send(from: string, block: number, to: string, emit: (at: At) => RawLog[]) {
    const hash = fakeHash('tx');
    const blockTime = 1_700_000_000 + block * 12;
    this.txs.push(tx({ hash, from: from as Hex, to: to as Hex, input: '0x', blockNumber: block, blockTime }));
    let logIndex = 0;
    const logs = emit({ blockNumber: block, blockTime, transactionHash: hash, get logIndex() { return logIndex++; } });
    this.logs.push(...logs);
    return hash;
  }
}

const globalState = (blockHash: Hex, sendRoot: Hex, batch: bigint, pos: bigint) => ({ bytes32Vals: [blockHash, sendRoot], u64Vals: [batch, pos] });

describe('legacy rollup: nodes and a challenge', () => {
  const afterHash = fakeHash('l2block');
  const sendRoot = fakeHash('send');
  const nodeCreated = (at: At) => encodeLog(eventOf(legacyRollupEvents, 'NodeCreated'), {
    nodeNum: 15_004n, parentNodeHash: fakeHash('parent'), nodeHash: fakeHash('node'), executionHash: fakeHash('exec'),
    assertion: {
      beforeState: { globalState: globalState(fakeHash('prev'), fakeHash('prevsend'), 410_000n, 0n), machineStatus: 1 },
      afterState: { globalState: globalState(afterHash, sendRoot, 410_050n, 0n), machineStatus: 1 },
      numBlocks: 132_477n,
    },
    afterInboxBatchAcc: fakeHash('acc'), wasmModuleRoot: fakeHash('wasm'), inboxMaxCount: 410_061n,
  }, { address: legacyRollup!.address, ...at });

  it('NodeCreated → state_roots row (every column), NodeConfirmed / NodeRejected → events; L2 block number from the L2 RPC', async () => {
    const chain = new Chain();
    const hash = chain.send(VALIDATOR, 18_000_000, legacyRollup!.address, (at) => [nodeCreated(at)]);
    chain.send(VALIDATOR, 18_000_010, legacyRollup!.address, (at) => [
      encodeLog(eventOf(legacyRollupEvents, 'NodeConfirmed'), { nodeNum: 15_003n, blockHash: fakeHash('b'), sendRoot: fakeHash('s') }, { address: legacyRollup!.address, ...at }),
      encodeLog(eventOf(legacyRollupEvents, 'NodeRejected'), { nodeNum: 15_002n }, { address: legacyRollup!.address, ...at }),
    ]);
    const ctx = testContext({ l2Blocks: new Map([[afterHash, { number: 150_000_123, timestamp: 1_700_000_000 }]]) });
    const facts = await arbitrumStack.decode(rollup, sourceBatch(legacySource, chain.logs, chain.txs), ctx);
    expect(facts.stateRoots).toEqual([{
      chainId: 1, blockNumber: 18_000_000, blockHash: chain.logs[0]!.blockHash, blockTime: 1_700_000_000 + 18_000_000 * 12, txHash: hash, txIndex: 0, logIndex: 0, subIndex: 0,
      rollupId: 'arbitrum-one', kind: 'ASSERTION', rootIndex: '15004', parentIndex: null, root: afterHash, l2BlockNumber: 150_000_123, l2BlockHash: afterHash, proposer: VALIDATOR,
      extra: {
        protocol: 'legacy', nodeHash: expect.any(String), parentNodeHash: expect.any(String), executionHash: expect.any(String), sendRoot,
        afterBatch: '410050', afterPosInBatch: '0', afterMachineStatus: 'FINISHED', beforeBlockHash: expect.any(String), beforeBatch: '410000', beforePosInBatch: '0',
        numBlocks: '132477', afterInboxBatchAcc: expect.any(String), wasmModuleRoot: expect.any(String), inboxMaxCount: '410061',
      },
    }]);
    expect(facts.stateRootEvents.map((e) => [e.rootIndex, e.status, e.kind, e.logIndex])).toEqual([['15003', 'CONFIRMED', 'ASSERTION', 0], ['15002', 'REJECTED', 'ASSERTION', 1]]);
  });

  it('without an L2 RPC the L2 block number stays null', async () => {
    const chain = new Chain();
    chain.send(VALIDATOR, 18_000_000, legacyRollup!.address, (at) => [nodeCreated(at)]);
    const facts = await arbitrumStack.decode(rollup, sourceBatch(legacySource, chain.logs, chain.txs), testContext());
    expect(facts.stateRoots[0]!.l2BlockNumber).toBeNull();
  });

  function challenge(chain: Chain, index: bigint, startBlock: number) {
    const cm = legacyChallengeManager!.address;
    const bisect = (at: At) => encodeLog(eventOf(legacyChallengeManagerEvents, 'Bisected'), {
      challengeIndex: index, challengeRoot: fakeHash('root'), challengedSegmentStart: 0n, challengedSegmentLength: 132_477n, chainHashes: [fakeHash('h0'), fakeHash('h1')],
    }, { address: cm, ...at });
    chain.send(CHALLENGER, startBlock, legacyRollup!.address, (at) => [
      encodeLog(eventOf(legacyRollupEvents, 'RollupChallengeStarted'), { challengeIndex: index, asserter: VALIDATOR, challenger: CHALLENGER, challengedNode: 15_004n }, { address: legacyRollup!.address, ...at }),
      encodeLog(eventOf(legacyChallengeManagerEvents, 'InitiatedChallenge'), {
        challengeIndex: index, startState: globalState(fakeHash('s0'), ZERO, 410_000n, 0n), endState: globalState(fakeHash('s1'), ZERO, 410_050n, 0n),
      }, { address: cm, ...at }),
      bisect(at),
    ]);
    return { cm, bisect };
  }

  it('a challenge: started (CHALLENGED root event), moves, and a TIMEOUT after 4 turns → DEFENDER_WINS', async () => {
    const chain = new Chain();
    const { cm, bisect } = challenge(chain, 1n, 18_000_100);
    chain.send(CHALLENGER, 18_000_110, cm, (at) => [bisect(at)]); // turn 1 (challenger)
    chain.send(VALIDATOR, 18_000_120, cm, (at) => [bisect(at)]); // turn 2 (asserter)
    chain.send(CHALLENGER, 18_000_130, cm, (at) => [ // turn 3: challengeExecution = Bisected + ExecutionChallengeBegun in one tx
      bisect(at),
      encodeLog(eventOf(legacyChallengeManagerEvents, 'ExecutionChallengeBegun'), { challengeIndex: 1n, blockSteps: 4_000_000n }, { address: cm, ...at }),
    ]);
    chain.send(VALIDATOR, 18_000_140, cm, (at) => [encodeLog(eventOf(legacyChallengeManagerEvents, 'OneStepProofCompleted'), { challengeIndex: 1n }, { address: cm, ...at })]); // turn 4
    chain.send('0x0000000000000000000000000000000000000001', 18_050_000, cm, (at) => [encodeLog(eventOf(legacyChallengeManagerEvents, 'ChallengeEnded'), { challengeIndex: 1n, kind: 0 }, { address: cm, ...at })]);

    const ctx = testContext();
    const facts = await arbitrumStack.decode(rollup, sourceBatch(legacySource, chain.logs, chain.txs), ctx);
    expect(facts.challenges).toEqual([expect.objectContaining({
      rollupId: 'arbitrum-one', challengeId: '1', type: 'LEGACY', address: cm.toLowerCase(), disputedRoot: null, rootIndex: '15004', l2BlockNumber: null,
      creator: CHALLENGER, extra: { asserter: VALIDATOR, challenger: CHALLENGER }, blockNumber: 18_000_100,
    })]);
    expect(facts.stateRootEvents).toEqual([expect.objectContaining({ rootIndex: '15004', status: 'CHALLENGED', extra: { challengeId: '1' } })]);
    expect(facts.challengeMoves.map((m) => [m.action, m.claimant, m.status])).toEqual([
      ['INITIATED', CHALLENGER, null], ['BISECTED', CHALLENGER, null], ['BISECTED', CHALLENGER, null], ['BISECTED', VALIDATOR, null],
      ['BISECTED', CHALLENGER, null], ['EXECUTION_CHALLENGE_BEGUN', CHALLENGER, null], ['ONE_STEP_PROOF', VALIDATOR, null],
      ['RESOLVED', '0x0000000000000000000000000000000000000001', 'DEFENDER_WINS'],
    ]);
    expect(facts.challengeMoves.at(-1)!.extra).toEqual({ termination: 'TIMEOUT', turns: 4, winner: VALIDATOR });
  });

  it('state carries across ranges: an odd number of turns then TIMEOUT → CHALLENGER_WINS; CLEARED has no winner', async () => {
    const store = new Map<string, unknown>();
    const first = new Chain();
    const { cm, bisect } = challenge(first, 2n, 18_100_000);
    first.send(CHALLENGER, 18_100_010, cm, (at) => [bisect(at)]);
    await arbitrumStack.decode(rollup, sourceBatch(legacySource, first.logs, first.txs), testContext({ store }));

    const second = new Chain();
    second.send(VALIDATOR, 18_200_000, cm, (at) => [encodeLog(eventOf(legacyChallengeManagerEvents, 'ChallengeEnded'), { challengeIndex: 2n, kind: 0 }, { address: cm, ...at })]);
    second.send(VALIDATOR, 18_200_001, cm, (at) => [encodeLog(eventOf(legacyChallengeManagerEvents, 'ChallengeEnded'), { challengeIndex: 3n, kind: 3 }, { address: cm, ...at })]);
    second.send(VALIDATOR, 18_200_002, cm, (at) => [encodeLog(eventOf(legacyChallengeManagerEvents, 'ChallengeEnded'), { challengeIndex: 4n, kind: 0 }, { address: cm, ...at })]);
    const facts = await arbitrumStack.decode(rollup, sourceBatch(legacySource, second.logs, second.txs), testContext({ store }));
    expect(facts.challengeMoves.map((m) => [m.challengeId, m.status, (m.extra as Record<string, unknown>).termination])).toEqual([
      ['2', 'CHALLENGER_WINS', 'TIMEOUT'], ['3', null, 'CLEARED'], ['4', null, 'TIMEOUT'],
    ]);
    expect((facts.challengeMoves[2]!.extra as Record<string, unknown>).reason).toMatch(/decoded out of order/);
  });

  it('a challenge on a node decoded earlier gets its root and L2 block (the event names the node only); a rival node at the same position gets its L2 block', async () => {
    const store = new Map<string, unknown>();
    const ctx = testContext({ store, l2Blocks: new Map([[afterHash, { number: 150_000_123, timestamp: 1_700_000_000 }]]) });
    const nodes = new Chain();
    nodes.send(VALIDATOR, 18_000_000, legacyRollup!.address, (at) => [nodeCreated(at)]);
    nodes.send(CHALLENGER, 18_000_001, legacyRollup!.address, (at) => [encodeLog(eventOf(legacyRollupEvents, 'NodeCreated'), {
      nodeNum: 15_005n, parentNodeHash: fakeHash('parent'), nodeHash: fakeHash('node-bad'), executionHash: fakeHash('exec'),
      assertion: {
        beforeState: { globalState: globalState(fakeHash('prev'), fakeHash('prevsend'), 410_000n, 0n), machineStatus: 1 },
        afterState: { globalState: globalState(fakeHash('bogus'), sendRoot, 410_050n, 0n), machineStatus: 1 },
        numBlocks: 132_477n,
      },
      afterInboxBatchAcc: fakeHash('acc'), wasmModuleRoot: fakeHash('wasm'), inboxMaxCount: 410_061n,
    }, { address: legacyRollup!.address, ...at })]);
    const first = await arbitrumStack.decode(rollup, sourceBatch(legacySource, nodes.logs, nodes.txs), ctx);
    expect(first.stateRoots.map((r) => [r.rootIndex, r.l2BlockNumber])).toEqual([['15004', 150_000_123], ['15005', 150_000_123]]);
    const later = new Chain();
    challenge(later, 7n, 18_000_100);
    const facts = await arbitrumStack.decode(rollup, sourceBatch(legacySource, later.logs, later.txs), ctx);
    expect(facts.challenges.map((c) => [c.challengeId, c.rootIndex, c.disputedRoot, c.l2BlockNumber])).toEqual([['7', '15004', afterHash, 150_000_123]]);
  });
});

describe('BoLD rollup: assertions and an edge dispute', () => {
  const P = fakeHash('parent-assertion');
  const A1 = fakeHash('honest');
  const A2 = fakeHash('rival');
  const M0 = fakeHash('mutual-0');
  const ML = fakeHash('mutual-lower');
  const E1 = fakeHash('edge-1');
  const E2 = fakeHash('edge-2');
  const L = fakeHash('lower');
  const U = fakeHash('upper');
  const S = fakeHash('sub-edge');
  const HONEST_L2 = fakeHash('l2-honest');
  const ecm = edgeChallengeManager!.address;
  const state = (blockHash: Hex, batch: bigint) => ({ globalState: globalState(blockHash, fakeHash('send'), batch, 0n), machineStatus: 1, endHistoryRoot: fakeHash('hist') });
  const assertionCreated = (hash: Hex, blockHash: Hex, at: At, parent: Hex = P) => encodeLog(eventOf(boldRollupEvents, 'AssertionCreated'), {
    assertionHash: hash, parentAssertionHash: parent,
    assertion: {
      beforeStateData: { prevPrevAssertionHash: fakeHash('pp'), sequencerBatchAcc: fakeHash('sba'), configData: { wasmModuleRoot: fakeHash('w'), requiredStake: 3_600_000_000_000_000_000_000n, challengeManager: ecm, confirmPeriodBlocks: 45_818n, nextInboxPosition: 800_100n } },
      beforeState: state(fakeHash('before'), 800_000n),
      afterState: state(blockHash, 800_100n),
    },
    afterInboxBatchAcc: fakeHash('acc'), inboxMaxCount: 800_101n, wasmModuleRoot: fakeHash('w'), requiredStake: 3_600_000_000_000_000_000_000n, challengeManager: ecm, confirmPeriodBlocks: 45_818n,
  }, { address: boldRollup!.address, ...at });
  const edgeAddedLog = (a: { edgeId: Hex; mutualId: Hex; originId: Hex; claimId: Hex; length: bigint; level: number; hasRival: boolean; isLayerZero: boolean }, at: At) =>
    encodeLog(eventOf(edgeChallengeManagerEvents, 'EdgeAdded'), a, { address: ecm, ...at });

  function dispute(chain: Chain) {
    const honest = chain.send(VALIDATOR, 21_900_000, boldRollup!.address, (at) => [assertionCreated(A1, HONEST_L2, at)]);
    chain.send(CHALLENGER, 21_900_050, boldRollup!.address, (at) => [assertionCreated(A2, fakeHash('l2-evil'), at)]);
    chain.send(VALIDATOR, 21_900_060, ecm, (at) => [edgeAddedLog({ edgeId: E1, mutualId: M0, originId: P, claimId: A1, length: 1n << 26n, level: 0, hasRival: false, isLayerZero: true }, at)]);
    chain.send(CHALLENGER, 21_900_070, ecm, (at) => [edgeAddedLog({ edgeId: E2, mutualId: M0, originId: P, claimId: A2, length: 1n << 26n, level: 0, hasRival: true, isLayerZero: true }, at)]);
    chain.send(VALIDATOR, 21_900_080, ecm, (at) => [
      edgeAddedLog({ edgeId: L, mutualId: ML, originId: P, claimId: ZERO, length: 1n, level: 0, hasRival: true, isLayerZero: false }, at),
      edgeAddedLog({ edgeId: U, mutualId: fakeHash('mu'), originId: P, claimId: ZERO, length: (1n << 26n) - 1n, level: 0, hasRival: false, isLayerZero: false }, at),
      encodeLog(eventOf(edgeChallengeManagerEvents, 'EdgeBisected'), { edgeId: E1, lowerChildId: L, upperChildId: U, lowerChildAlreadyExists: false }, { address: ecm, ...at }),
    ]);
    chain.send(VALIDATOR, 21_900_090, ecm, (at) => [edgeAddedLog({ edgeId: S, mutualId: fakeHash('ms'), originId: ML, claimId: L, length: 1n << 20n, level: 1, hasRival: false, isLayerZero: true }, at)]);
    return honest;
  }
  const confirm = (chain: Chain, edgeId: Hex) => chain.send(VALIDATOR, 21_950_000, ecm, (at) => [
    encodeLog(eventOf(edgeChallengeManagerEvents, 'EdgeConfirmedByTime'), { edgeId, mutualId: M0, totalTimeUnrivaled: 45_818n }, { address: ecm, ...at }),
  ]);

  it('assertions, edges of every level under one challenge id (the parent assertion), and the honest first child wins', async () => {
    const chain = new Chain();
    const honestTx = dispute(chain);
    confirm(chain, E1);
    chain.send(VALIDATOR, 21_950_001, boldRollup!.address, (at) => [
      encodeLog(eventOf(boldRollupEvents, 'AssertionConfirmed'), { assertionHash: A1, blockHash: fakeHash('l2-honest'), sendRoot: fakeHash('sr') }, { address: boldRollup!.address, ...at }),
    ]);
    const facts = await arbitrumStack.decode(rollup, sourceBatch(boldSource, chain.logs, chain.txs), testContext());

    expect(facts.stateRoots[0]).toEqual(expect.objectContaining({
      txHash: honestTx, kind: 'ASSERTION', rootIndex: A1, parentIndex: P, root: expect.any(String), proposer: VALIDATOR,
      extra: expect.objectContaining({ protocol: 'bold', afterBatch: '800100', afterPosInBatch: '0', inboxMaxCount: '800101', confirmPeriodBlocks: '45818', requiredStake: '3600000000000000000000', challengeManager: ecm.toLowerCase(), afterMachineStatus: 'FINISHED' }),
    }));
    expect(facts.stateRoots.map((r) => [r.rootIndex, r.proposer])).toEqual([[A1, VALIDATOR], [A2, CHALLENGER]]);
    // One challenge, opened by the first layer-zero block edge; the rival's edge joins it.
    expect(facts.challenges.map((c) => [c.challengeId, c.type, c.rootIndex, c.disputedRoot, c.creator, c.address])).toEqual([
      [P, 'BOLD', A1, A1, VALIDATOR, ecm.toLowerCase()],
    ]);
    expect(facts.stateRootEvents.map((e) => [e.rootIndex, e.status])).toEqual([[A1, 'CHALLENGED'], [A2, 'CHALLENGED'], [A1, 'CONFIRMED']]);
    expect(facts.challengeMoves.map((m) => [m.action, m.challengeId, m.claim, m.parentIndex, m.status])).toEqual([
      ['EDGE_ADDED', P, E1, A1, null],
      ['EDGE_ADDED', P, E2, A2, null],
      ['EDGE_ADDED', P, L, E1, null],
      ['EDGE_ADDED', P, U, E1, null],
      ['BISECTED', P, E1, null, null],
      ['EDGE_ADDED', P, S, L, null], // level 1 edge mapped back through the lower edge's mutualId
      ['CONFIRMED_BY_TIME', P, E1, null, 'DEFENDER_WINS'],
    ]);
    expect(facts.challengeMoves.at(-1)!.extra).toEqual({ mutualId: M0, totalTimeUnrivaled: '45818', level: 0, winningAssertion: A1 });
  });

  it('a later range: the rival wins → CHALLENGER_WINS, from state carried across ranges', async () => {
    const store = new Map<string, unknown>();
    const first = new Chain();
    dispute(first);
    await arbitrumStack.decode(rollup, sourceBatch(boldSource, first.logs, first.txs), testContext({ store }));
    const second = new Chain();
    confirm(second, E2);
    const facts = await arbitrumStack.decode(rollup, sourceBatch(boldSource, second.logs, second.txs), testContext({ store }));
    expect(facts.challengeMoves.map((m) => [m.action, m.challengeId, m.status])).toEqual([['CONFIRMED_BY_TIME', P, 'CHALLENGER_WINS']]);
  });

  it('without state (ranges decoded out of order): Rollup.getAssertion(winner).isFirstChild decides; a revert leaves the status open with a reason', async () => {
    const edges = new Chain();
    dispute(edges);
    const store = new Map<string, unknown>();
    await arbitrumStack.decode(rollup, sourceBatch(boldSource, edges.logs.filter((l) => l.address === ecm.toLowerCase()), edges.txs), testContext({ store }));
    expect([...store.keys()].some((k) => k.startsWith('bold-first-child:'))).toBe(false);

    const later = new Chain();
    confirm(later, E1);
    const ok = testContext({ store, read: (fn, address, block, args) => {
      expect([fn, address, block, args]).toEqual(['getAssertion', boldRollup!.address, 21_950_000, [A1]]);
      return { firstChildBlock: 0n, secondChildBlock: 0n, createdAtBlock: 21_900_000n, isFirstChild: true, status: 1, configHash: ZERO };
    } });
    const facts = await arbitrumStack.decode(rollup, sourceBatch(boldSource, later.logs, later.txs), ok);
    expect(facts.challengeMoves[0]!.status).toBe('DEFENDER_WINS');

    const reverting = testContext({ store, read: () => {
      throw new ContractFunctionExecutionError(new ContractFunctionRevertedError({ abi: [], functionName: 'getAssertion', message: 'execution reverted' }), { abi: [], functionName: 'getAssertion' });
    } });
    const open = await arbitrumStack.decode(rollup, sourceBatch(boldSource, later.logs, later.txs), reverting);
    expect(open.challengeMoves[0]!.status).toBeNull();
    expect((open.challengeMoves[0]!.extra as Record<string, unknown>).reason).toMatch(/Rollup.getAssertion failed/);

    const network = testContext({ store, read: () => { throw new Error('socket hang up'); } });
    await expect(arbitrumStack.decode(rollup, sourceBatch(boldSource, later.logs, later.txs), network)).rejects.toThrow('socket hang up');
  });

  it('a sub-challenge edge whose lower level is unknown falls back to its originId, flagged', async () => {
    const chain = new Chain();
    chain.send(VALIDATOR, 21_900_090, ecm, (at) => [edgeAddedLog({ edgeId: S, mutualId: fakeHash('ms'), originId: ML, claimId: L, length: 1n << 20n, level: 1, hasRival: false, isLayerZero: true }, at)]);
    const facts = await arbitrumStack.decode(rollup, sourceBatch(boldSource, chain.logs, chain.txs), testContext());
    expect(facts.challengeMoves[0]).toMatchObject({ challengeId: ML, extra: expect.objectContaining({ challengeIdFallback: true }) });
    expect(facts.challenges).toEqual([]);
  });

  it('a rival bisecting onto an existing lower child in the same range: each child keeps the edge it was bisected from', async () => {
    const chain = new Chain();
    dispute(chain);
    const U2 = fakeHash('upper-2');
    chain.send(CHALLENGER, 21_900_085, ecm, (at) => [
      edgeAddedLog({ edgeId: U2, mutualId: fakeHash('mu'), originId: P, claimId: ZERO, length: (1n << 26n) - 1n, level: 0, hasRival: true, isLayerZero: false }, at),
      encodeLog(eventOf(edgeChallengeManagerEvents, 'EdgeBisected'), { edgeId: E2, lowerChildId: L, upperChildId: U2, lowerChildAlreadyExists: true }, { address: ecm, ...at }),
    ]);
    const facts = await arbitrumStack.decode(rollup, sourceBatch(boldSource, chain.logs, chain.txs), testContext());
    expect(facts.challengeMoves.filter((m) => m.action === 'EDGE_ADDED').map((m) => [m.claim, m.parentIndex])).toEqual([[E1, A1], [E2, A2], [L, E1], [U, E1], [U2, E2], [S, L]]);
  });

  it('L2 blocks: by hash through the L2 RPC, a rival at the same inbox position gets its sibling\'s block; the challenge gets its disputed root\'s block', async () => {
    const store = new Map<string, unknown>();
    const chain = new Chain();
    dispute(chain);
    const l2Blocks = new Map([[HONEST_L2, { number: 300_000_000, timestamp: 1_700_000_000 }]]);
    const facts = await arbitrumStack.decode(rollup, sourceBatch(boldSource, chain.logs, chain.txs), testContext({ store, l2Blocks }));
    expect(facts.stateRoots.map((r) => [r.rootIndex, r.l2BlockNumber])).toEqual([[A1, 300_000_000], [A2, 300_000_000]]);
    expect(facts.challenges.map((c) => [c.rootIndex, c.l2BlockNumber])).toEqual([[A1, 300_000_000]]);
    // Without a resolved sibling at that position (nor an L2 RPC) the block stays unknown.
    const alone = new Chain();
    alone.send(CHALLENGER, 21_900_050, boldRollup!.address, (at) => [assertionCreated(A2, fakeHash('l2-evil'), at)]);
    const none = await arbitrumStack.decode(rollup, sourceBatch(boldSource, alone.logs, alone.txs), testContext({ l2Blocks }));
    expect(none.stateRoots[0]!.l2BlockNumber).toBeNull();
  });

  it('the genesis assertion (parent 0) is confirmed at creation: a CONFIRMED event at its AssertionCreated log', async () => {
    const chain = new Chain();
    const G = fakeHash('genesis');
    chain.send(VALIDATOR, 21_815_910, boldRollup!.address, (at) => [assertionCreated(G, ZERO, at, ZERO)]);
    chain.send(VALIDATOR, 21_900_000, boldRollup!.address, (at) => [assertionCreated(A1, HONEST_L2, at)]);
    const facts = await arbitrumStack.decode(rollup, sourceBatch(boldSource, chain.logs, chain.txs), testContext());
    expect(facts.stateRootEvents.map((e) => [e.rootIndex, e.status, e.txHash, e.logIndex, e.extra])).toEqual([
      [G, 'CONFIRMED', chain.txs[0]!.hash, 0, { genesis: true }],
    ]);
  });
});
