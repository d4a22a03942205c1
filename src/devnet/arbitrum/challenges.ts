/**
 * Challenges, played out move by move on the emulators.
 *
 * BoLD (`runBoldChallenge`): the validator's assertion A (first child of the honest tip T) is
 * rivalled by the challenger's B (bogus block hash). Both stake layer-zero block edges, bisect
 * to length one, open big-step then small-step sub-challenges, the validator wins the small-step
 * one-step proof, timer caches propagate up and A's block edge is confirmed by time; A is then
 * confirmed with that winning edge. Truth: one TruthChallenge, challengeId = T (the origin of
 * the block-level edges), type BOLD, disputedRoot = A, a move per edge event (EDGE_ADDED,
 * BISECTED, ONE_STEP_PROOF, CONFIRMED_BY_TIME), DEFENDER_WINS at EdgeConfirmedByTime; A and B get
 * CHALLENGED at their own layer-zero edge.
 *
 * Legacy (`runLegacyChallenge`): validator node N vs challenger sibling node M; createChallenge
 * (InitiatedChallenge, Bisected, RollupChallengeStarted), 4 alternating turns (challenger first)
 * ending with the validator's one-step proof, then the challenger times out: ChallengeEnded(TIMEOUT)
 * with the last mover (validator) winning → DEFENDER_WINS; N is confirmed, M rejected.
 */
import { keccak256, stringToHex, type Address, type Hex } from 'viem';
import type { TruthChallenge, TruthEvent, TruthRef } from '../truth.ts';
import type { RecordedTx } from '../recorder.ts';
import type { ArbitrumDeployment } from './deploy.ts';
import { confirmAssertion, confirmNextNode, createAssertion, createNode, recordStateRootStatus, rejectNextNode } from './assertions.ts';
import { oneEvent, refOfEvent } from './truth-helpers.ts';

const h = (s: string) => keccak256(stringToHex(s));
const lower = (a: string) => a.toLowerCase() as Address;

function challengeOf(dep: ArbitrumDeployment, id: string): TruthChallenge {
  const c = dep.ctx.recorder.truth.challenges.find((x) => x.rollupId === dep.rollupId && x.challengeId === id);
  if (!c) throw new Error(`challenge ${id} of ${dep.rollupId} not in the truth`);
  return c;
}

// ---------------------------------------------------------------- BoLD

export interface BoldChallengeResult {
  challengeId: Hex;
  honest: Hex;
  rival: Hex;
  winningEdge: Hex;
}

export async function runBoldChallenge(dep: ArbitrumDeployment): Promise<BoldChallengeResult> {
  const { ctx, addresses, abi, accounts, params } = dep;
  const ecm = addresses.edgeChallengeManager!;
  const origin = dep.honestTip!;
  const A = await createAssertion(dep, { account: accounts.validator });
  const B = await createAssertion(dep, { account: accounts.challenger, parent: origin, wrong: true });

  const edgeMoves = (tx: RecordedTx, bisectedParent?: Hex) => {
    const c = challengeOf(dep, origin);
    for (const e of tx.events) {
      if (e.address !== ecm) continue;
      const ref = refOfEvent(e);
      const claimant = tx.from;
      if (e.eventName === 'EdgeAdded') {
        c.moves.push({ action: 'EDGE_ADDED', claimant, parentIndex: e.args.isLayerZero ? String(e.args.claimId) : (bisectedParent ?? ''), claim: e.args.edgeId as Hex, l1: ref });
      } else if (e.eventName === 'EdgeBisected') {
        c.moves.push({ action: 'BISECTED', claimant, parentIndex: '', claim: e.args.edgeId as Hex, l1: ref });
      } else if (e.eventName === 'EdgeConfirmedByOneStepProof') {
        c.moves.push({ action: 'ONE_STEP_PROOF', claimant, parentIndex: String(e.args.mutualId), claim: e.args.edgeId as Hex, l1: ref });
      } else if (e.eventName === 'EdgeConfirmedByTime') {
        c.moves.push({ action: 'CONFIRMED_BY_TIME', claimant, parentIndex: String(e.args.mutualId), claim: e.args.edgeId as Hex, l1: ref });
      }
    }
  };

  const layerZero = async (account: typeof accounts.validator, level: number, claimId: Hex, endHeight: bigint, endHistoryRoot: Hex, onBlockEdge?: (e: TruthEvent, tx: RecordedTx) => void) => {
    let edgeId: Hex | undefined;
    await ctx.write({
      account, address: ecm, abi: abi.edgeChallengeManager, functionName: 'createLayerZeroEdge',
      args: [{ level, endHistoryRoot, endHeight, claimId, prefixProof: h(`prefix:${endHistoryRoot}`), proof: h(`proof:${claimId}`) }],
      build: (tx) => {
        const e = oneEvent(tx.events, 'EdgeAdded', 'createLayerZeroEdge');
        edgeId = e.args.edgeId as Hex;
        onBlockEdge?.(e, tx);
        edgeMoves(tx);
      },
    });
    return edgeId!;
  };
  const bisect = async (account: typeof accounts.validator, edgeId: Hex, midRoot: Hex) => {
    let upper: Hex | undefined;
    await ctx.write({
      account, address: ecm, abi: abi.edgeChallengeManager, functionName: 'bisectEdge', args: [edgeId, midRoot, h(`prefix:${midRoot}`)],
      build: (tx) => {
        upper = oneEvent(tx.events, 'EdgeBisected', 'bisectEdge').args.upperChildId as Hex;
        edgeMoves(tx, edgeId);
      },
    });
    return upper!;
  };

  // Block level: the first block edge opens the challenge (origin = T).
  const blockEdge = (e: TruthEvent, tx: RecordedTx) => {
    const claim = e.args.claimId as Hex;
    const ref = refOfEvent(e);
    if (claim === A.hash) {
      ctx.recorder.truth.challenges.push({
        rollupId: dep.rollupId, challengeId: origin, type: 'BOLD', address: ecm, disputedRoot: A.hash, l2BlockNumber: A.l2Block,
        created: ref, moves: [], status: 'IN_PROGRESS',
      });
    }
    recordStateRootStatus(dep, claim, 'CHALLENGED', ref);
    void tx;
  };
  const v = accounts.validator;
  const c = accounts.challenger;
  const Ev = await layerZero(v, 0, A.hash, params.edgeHeights.block, h('hv'), blockEdge);
  const Ec = await layerZero(c, 0, B.hash, params.edgeHeights.block, h('hc'), blockEdge);
  // Both agree on the lower halves: lower children are shared, the upper children are rivals.
  let uv = await bisect(v, Ev, h('mid0'));
  let uc = await bisect(c, Ec, h('mid0'));
  const blockPath: Hex[] = [Ev, uv];
  for (let len = params.edgeHeights.block / 2n, i = 1; len > 1n; len /= 2n, i++) {
    uv = await bisect(v, uv, h(`mid${i}`));
    uc = await bisect(c, uc, h(`mid${i}`));
    blockPath.push(uv);
  }
  // Big step (level 1) on the length-one block edges, then small step (level 2).
  const BV = await layerZero(v, 1, uv, params.edgeHeights.bigStep, h('bv'));
  const BC = await layerZero(c, 1, uc, params.edgeHeights.bigStep, h('bc'));
  let bvu = await bisect(v, BV, h('bmid0'));
  let bcu = await bisect(c, BC, h('bmid0'));
  const bigPath: Hex[] = [BV, bvu];
  for (let len = params.edgeHeights.bigStep / 2n, i = 1; len > 1n; len /= 2n, i++) {
    bvu = await bisect(v, bvu, h(`bmid${i}`));
    bcu = await bisect(c, bcu, h(`bmid${i}`));
    bigPath.push(bvu);
  }
  const SV = await layerZero(v, 2, bvu, params.edgeHeights.smallStep, h('sv'));
  await layerZero(c, 2, bcu, params.edgeHeights.smallStep, h('sc'));
  let svu = await bisect(v, SV, h('smid0'));
  const smallPath: Hex[] = [SV, svu];
  for (let len = params.edgeHeights.smallStep / 2n, i = 1; len > 1n; len /= 2n, i++) {
    svu = await bisect(v, svu, h(`smid${i}`));
    smallPath.push(svu);
  }
  void BC;
  await ctx.write({
    account: v, address: ecm, abi: abi.edgeChallengeManager, functionName: 'confirmEdgeByOneStepProof',
    args: [svu, { beforeHash: h('before'), proof: h('osp') }, h('config'), [h('b0')], [h('a0')]],
    build: (tx) => edgeMoves(tx),
  });

  // Unrivaled time accrues on the shared lower children; then caches propagate bottom-up.
  await ctx.clock.mineBlocks(Number(params.challengePeriodBlocks) + 5);
  const max = (1n << 64n) - 1n;
  const byChildren = (edgeId: Hex) => ctx.write({ account: v, address: ecm, abi: abi.edgeChallengeManager, functionName: 'updateTimerCacheByChildren', args: [edgeId, max] });
  const byClaim = (edgeId: Hex, claiming: Hex) => ctx.write({ account: v, address: ecm, abi: abi.edgeChallengeManager, functionName: 'updateTimerCacheByClaim', args: [edgeId, claiming, max] });
  for (const e of [...smallPath].reverse().slice(1)) await byChildren(e);
  await byClaim(bigPath.at(-1)!, SV);
  for (const e of [...bigPath].reverse().slice(1)) await byChildren(e);
  await byClaim(blockPath.at(-1)!, BV);
  for (const e of [...blockPath].reverse().slice(1)) await byChildren(e);

  await ctx.write({
    account: v, address: ecm, abi: abi.edgeChallengeManager, functionName: 'confirmEdgeByTime', args: [Ev, '0x'],
    build: (tx) => {
      edgeMoves(tx);
      const e = oneEvent(tx.events, 'EdgeConfirmedByTime', 'confirmEdgeByTime');
      const ch = challengeOf(dep, origin);
      ch.status = 'DEFENDER_WINS';
      ch.resolved = refOfEvent(e);
    },
  });

  // The winner is confirmed once its own confirm period has passed.
  const head = await ctx.clock.head();
  const due = A.l1Block + Number(params.confirmPeriodBlocks);
  if (head.number < due) await ctx.clock.mineBlocks(due - head.number);
  await confirmAssertion(dep, A.hash, { winningEdgeId: Ev });
  return { challengeId: origin, honest: A.hash, rival: B.hash, winningEdge: Ev };
}

// ---------------------------------------------------------------- legacy

export interface LegacyChallengeResult {
  challengeIndex: number;
  honestNode: number;
  rivalNode: number;
}

export async function runLegacyChallenge(dep: ArbitrumDeployment): Promise<LegacyChallengeResult> {
  const { ctx, addresses, abi, accounts, params } = dep;
  const cm = addresses.challengeManager!;
  const v = accounts.validator;
  const c = accounts.challenger;
  const N = await createNode(dep, { account: v });
  const M = await createNode(dep, { account: c, wrong: true });
  const nRec = dep.nodes.get(N)!;
  const mRec = dep.nodes.get(M)!;
  const parentGs = dep.nodes.get(N - 1)?.afterState.globalState ?? { bytes32Vals: [`0x${'0'.repeat(64)}`, `0x${'0'.repeat(64)}`], u64Vals: [0n, 0n] };
  const numBlocks = BigInt(Math.max(1, nRec.l2Block - (dep.nodes.get(N - 1)?.l2Block ?? dep.params.l2GenesisBlock - 1)));

  let index = 0;
  let segments: { start: bigint; length: bigint; hashes: Hex[] } = { start: 0n, length: numBlocks, hashes: [] };
  const moves = (tx: RecordedTx) => {
    for (const e of tx.events) {
      if (e.address !== cm) continue;
      const ref: TruthRef = refOfEvent(e);
      if (e.eventName === 'Bisected') {
        segments = { start: BigInt(e.args.challengedSegmentStart as string), length: BigInt(e.args.challengedSegmentLength as string), hashes: e.args.chainHashes as Hex[] };
      }
      const action = { InitiatedChallenge: 'INITIATED', Bisected: 'BISECTED', ExecutionChallengeBegun: 'EXECUTION_CHALLENGE_BEGUN', OneStepProofCompleted: 'ONE_STEP_PROOF', ChallengeEnded: 'RESOLVED' }[e.eventName];
      if (!action) continue;
      const ch = ctx.recorder.truth.challenges.find((x) => x.rollupId === dep.rollupId && x.challengeId === String(e.args.challengeIndex));
      ch?.moves.push({ action, claimant: tx.from, parentIndex: '', claim: (e.args.challengeRoot as Hex | undefined) ?? (`0x${'0'.repeat(64)}` as Hex), l1: ref });
    }
  };

  await ctx.write({
    account: c, address: addresses.legacyRollup!, abi: abi.legacyRollup, functionName: 'createChallenge',
    args: [[v.address, c.address], [BigInt(N), BigInt(M)], [1, 1], [parentGs, nRec.afterState.globalState], numBlocks, h(`exec:${M}`), [BigInt(nRec.l1Block), BigInt(mRec.l1Block)], [params.wasmModuleRoot, params.wasmModuleRoot]],
    build: (tx) => {
      const e = oneEvent(tx.events, 'RollupChallengeStarted', 'createChallenge');
      index = Number(e.args.challengeIndex);
      const ref = refOfEvent(e);
      ctx.recorder.truth.challenges.push({
        rollupId: dep.rollupId, challengeId: String(index), type: 'LEGACY', address: cm, disputedRoot: nRec.afterState.globalState.bytes32Vals[0],
        l2BlockNumber: nRec.l2Block, created: ref, moves: [], status: 'IN_PROGRESS',
      });
      recordStateRootStatus(dep, String(N), 'CHALLENGED', ref);
      moves(tx);
    },
  });

  const selection = (position: bigint) => ({ oldSegmentsStart: segments.start, oldSegmentsLength: segments.length, oldSegments: segments.hashes, challengePosition: position });
  const newSegments = (tag: string, n = 5) => Array.from({ length: n }, (_, i) => h(`${tag}:${i}`));
  const call = (account: typeof v, functionName: string, args: readonly unknown[]) =>
    ctx.write({ account, address: cm, abi: abi.challengeManager, functionName, args, build: moves });

  await call(c, 'bisectExecution', [BigInt(index), selection(0n), newSegments('c1')]); // turn 1 (challenger)
  await call(v, 'challengeExecution', [BigInt(index), selection(0n), [1, 1], [h('gs0'), h('gs1')], 1_000_000n]); // turn 2
  await call(c, 'bisectExecution', [BigInt(index), selection(1n), newSegments('c2')]); // turn 3
  await call(v, 'oneStepProveExecution', [BigInt(index), selection(2n), h('osp')]); // turn 4: the proof

  // The challenger does not answer: after its time (confirmPeriodBlocks, as the legacy rollup
  // grants each party) runs out anyone can call timeout.
  await ctx.clock.mineBlocks(Number(params.confirmPeriodBlocks) + 2);
  await ctx.write({
    account: accounts.users[0]!, address: cm, abi: abi.challengeManager, functionName: 'timeout', args: [BigInt(index)],
    build: (tx) => {
      moves(tx);
      const e = oneEvent(tx.events, 'ChallengeEnded', 'timeout');
      const ch = challengeOf(dep, String(index));
      ch.status = 'DEFENDER_WINS';
      ch.resolved = refOfEvent(e);
    },
  });

  const head = await ctx.clock.head();
  const due = nRec.l1Block + Number(params.confirmPeriodBlocks);
  if (head.number < due) await ctx.clock.mineBlocks(due - head.number);
  await confirmNextNode(dep);
  await rejectNextNode(dep, { staker: lower(c.address) });
  return { challengeIndex: index, honestNode: N, rivalNode: M };
}
