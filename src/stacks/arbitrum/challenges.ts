/**
 * challenges and challenge_moves of both Arbitrum dispute generations.
 *
 * Legacy (pre-BoLD): Rollup.RollupChallengeStarted opens challenge `challengeIndex` (type LEGACY)
 * on node `challengedNode` (also a CHALLENGED state_root_event); ChallengeManager events are its
 * moves. ChallengeEnded's kind is TIMEOUT / BLOCK_PROOF / EXECUTION_PROOF / CLEARED, but only
 * TIMEOUT and CLEARED are ever emitted (a proof only resets the state; the loser then times out).
 * On TIMEOUT the winner is the party that moved last: the challenger moves first and turns
 * alternate, so after k turn-taking transactions the asserter wins when k is even
 * (DEFENDER_WINS), the challenger when k is odd (CHALLENGER_WINS). Turns are counted in decoder
 * state; a BLOCK_PROOF turn emits no event and cannot be counted. CLEARED has no winner (null).
 *
 * BoLD: one challenge per dispute among the children of an assertion: challengeId = the parent
 * assertion hash = the originId of every block-level edge (level 0), type BOLD. The first
 * block-level layer-zero edge of a challenge opens it: one challenges row (rootIndex = disputedRoot
 * = the assertion it claims; later rivals join the same challenge, decoder state says whether it is
 * open already). Every block-level layer-zero edge (one per rival assertion) gives a CHALLENGED
 * state_root_event for the assertion it claims. Edges of sub-challenge levels have as
 * originId the mutualId of a lower-level edge; they are mapped back to their challenge through
 * decoder state (mutualId → challengeId); when that state is not available (ranges decoded out of
 * order) challengeId falls back to the originId and extra.challengeIdFallback is set.
 * The challenge resolves when a block-level layer-zero edge is confirmed: its claim (an assertion)
 * won. DEFENDER_WINS when the winner is the parent's first child (the assertion that was there
 * first), CHALLENGER_WINS otherwise; the first child comes from decoder state or
 * Rollup.getAssertion(winner).isFirstChild.
 */
import { BaseError, ContractFunctionRevertedError, ContractFunctionZeroDataError, parseAbi } from 'viem';
import type { ArbitrumRollup } from '../../rollups/types.ts';
import type { DecodeContext, Facts, RawLog, RawTransaction } from '../types.ts';
import { challengeTermination } from './constants.ts';
import type { decoders } from './events.ts';
import { json, lower, provenanceOf } from './rows.ts';
import type { Memo } from './memo.ts';
import { stateRootEvent } from './state-roots.ts';

type Args<K extends keyof typeof decoders> = ReturnType<(typeof decoders)[K]>['args'];
type Status = 'IN_PROGRESS' | 'CHALLENGER_WINS' | 'DEFENDER_WINS' | null;


function move(rollup: ArbitrumRollup, log: RawLog, challengeId: string, action: string, fields: {
  claimant?: string | null; parentIndex?: string | null; claim?: string | null; status?: Status; extra?: Record<string, unknown>;
}): Facts['challengeMoves'][number] {
  return Object.assign(provenanceOf(rollup.l1ChainId, log), {
    rollupId: rollup.id,
    challengeId,
    action,
    claimant: fields.claimant ?? null,
    parentIndex: fields.parentIndex ?? null,
    claim: fields.claim ?? null,
    status: fields.status ?? null,
    extra: fields.extra ? (json(fields.extra) as Record<string, unknown>) : null,
  });
}

// ---------------------------------------------------------------- legacy

interface LegacyChallengeState {
  asserter: string;
  challenger: string;
  challengedNode: string;
  creationTx: string;
  /** Turn-taking transactions seen so far (Bisected / ExecutionChallengeBegun / OneStepProofCompleted). */
  turns: number;
  lastTurnTx?: string;
}
const legacyKey = (index: bigint) => `legacy-challenge:${index}`;

export async function legacyChallengeStarted(
  rollup: ArbitrumRollup, log: RawLog, e: Args<'RollupChallengeStarted'>, tx: RawTransaction, memo: Memo, facts: Facts,
): Promise<void> {
  const challengeId = e.challengeIndex.toString();
  facts.challenges.push(Object.assign(provenanceOf(rollup.l1ChainId, log), {
    rollupId: rollup.id,
    challengeId,
    type: 'LEGACY',
    address: rollup.contracts.legacyChallengeManager ? lower(rollup.contracts.legacyChallengeManager.address) : null,
    disputedRoot: null,
    rootIndex: e.challengedNode.toString(),
    l2BlockNumber: null,
    creator: lower(tx.from),
    extra: json({ asserter: lower(e.asserter), challenger: lower(e.challenger) }) as Record<string, unknown>,
  }));
  facts.stateRootEvents.push(stateRootEvent(rollup, log, e.challengedNode.toString(), 'CHALLENGED', { challengeId }));
  const state: LegacyChallengeState = {
    asserter: lower(e.asserter), challenger: lower(e.challenger), challengedNode: e.challengedNode.toString(),
    creationTx: log.transactionHash, turns: 0,
  };
  await memo.set(legacyKey(e.challengeIndex), state);
}

/** Counts a turn for a move in a transaction other than the creation and the last counted one. */
async function countTurn(index: bigint, log: RawLog, memo: Memo): Promise<void> {
  const state = await memo.get<LegacyChallengeState>(legacyKey(index));
  if (!state || log.transactionHash === state.creationTx || log.transactionHash === state.lastTurnTx) return;
  await memo.set(legacyKey(index), { ...state, turns: state.turns + 1, lastTurnTx: log.transactionHash });
}

export async function legacyChallengeMove(
  rollup: ArbitrumRollup, log: RawLog, name: 'InitiatedChallenge' | 'Bisected' | 'ExecutionChallengeBegun' | 'OneStepProofCompleted',
  e: Args<'InitiatedChallenge'> | Args<'Bisected'> | Args<'ExecutionChallengeBegun'> | Args<'OneStepProofCompleted'>,
  tx: RawTransaction, memo: Memo, facts: Facts,
): Promise<void> {
  const challengeId = e.challengeIndex.toString();
  const claimant = lower(tx.from);
  if (name === 'InitiatedChallenge') {
    const a = e as Args<'InitiatedChallenge'>;
    facts.challengeMoves.push(move(rollup, log, challengeId, 'INITIATED', { claimant, extra: { startState: a.startState, endState: a.endState } }));
    return;
  }
  await countTurn(e.challengeIndex, log, memo);
  if (name === 'Bisected') {
    const b = e as Args<'Bisected'>;
    facts.challengeMoves.push(move(rollup, log, challengeId, 'BISECTED', {
      claimant, claim: b.challengeRoot,
      extra: { challengedSegmentStart: b.challengedSegmentStart, challengedSegmentLength: b.challengedSegmentLength, chainHashes: b.chainHashes },
    }));
  } else if (name === 'ExecutionChallengeBegun') {
    facts.challengeMoves.push(move(rollup, log, challengeId, 'EXECUTION_CHALLENGE_BEGUN', { claimant, extra: { blockSteps: (e as Args<'ExecutionChallengeBegun'>).blockSteps } }));
  } else {
    facts.challengeMoves.push(move(rollup, log, challengeId, 'ONE_STEP_PROOF', { claimant }));
  }
}

export async function legacyChallengeEnded(
  rollup: ArbitrumRollup, log: RawLog, e: Args<'ChallengeEnded'>, tx: RawTransaction, memo: Memo, facts: Facts,
): Promise<void> {
  const termination = challengeTermination[e.kind] ?? `UNKNOWN_${e.kind}`;
  const state = await memo.get<LegacyChallengeState>(legacyKey(e.challengeIndex));
  let status: Status = null;
  let winner: string | undefined;
  let reason: string | undefined;
  if (termination === 'CLEARED') reason = 'cleared by the rollup: no winner';
  else if (!state) reason = 'challenge start not in decoder state (decoded out of order): winner unknown';
  else {
    const defenderWins = state.turns % 2 === 0;
    status = defenderWins ? 'DEFENDER_WINS' : 'CHALLENGER_WINS';
    winner = defenderWins ? state.asserter : state.challenger;
  }
  facts.challengeMoves.push(move(rollup, log, e.challengeIndex.toString(), 'RESOLVED', {
    claimant: lower(tx.from), status, extra: { termination, turns: state?.turns, winner, reason },
  }));
}

// ---------------------------------------------------------------- BoLD

interface EdgeState {
  challengeId: string;
  level: number;
  isLayerZero: boolean;
  claimId: string;
}
const edgeKey = (edgeId: string) => `bold-edge:${edgeId}`;
const mutualKey = (mutualId: string) => `bold-mutual:${mutualId}`;
const firstChildKey = (parent: string) => `bold-first-child:${parent}`;
const openedKey = (challengeId: string) => `bold-challenge:${challengeId}`;

const getAssertionAbi = parseAbi([
  'struct AssertionNode { uint64 firstChildBlock; uint64 secondChildBlock; uint64 createdAtBlock; bool isFirstChild; uint8 status; bytes32 configHash; }',
  'function getAssertion(bytes32 assertionHash) view returns (AssertionNode)',
]);

/**
 * The edge a child was bisected from, by (transaction, child id): EdgeAdded of a new child comes
 * just before its parent's EdgeBisected in the same transaction. Keyed by transaction because a
 * rival's later bisection reuses an existing lower child (lowerChildAlreadyExists, no EdgeAdded).
 */
export type BisectionParents = ReadonlyMap<string, string>;
export const bisectionKey = (txHash: string, childId: string) => `${txHash}:${childId}`;

/** Remembers the first child of each assertion (the defender of a later dispute among its children). */
export async function noteAssertionCreated(e: Args<'AssertionCreated'>, memo: Memo): Promise<void> {
  if ((await memo.get<string>(firstChildKey(e.parentAssertionHash))) === undefined) {
    await memo.set(firstChildKey(e.parentAssertionHash), e.assertionHash);
  }
}

export async function edgeAdded(
  rollup: ArbitrumRollup, log: RawLog, e: Args<'EdgeAdded'>, tx: RawTransaction, memo: Memo, facts: Facts,
  bisectionParents: BisectionParents,
): Promise<void> {
  let challengeId: string = e.originId;
  let fallback = false;
  if (e.level > 0) {
    const mapped = await memo.get<string>(mutualKey(e.originId));
    if (mapped) challengeId = mapped;
    else fallback = true;
  }
  await memo.set(edgeKey(e.edgeId), { challengeId, level: e.level, isLayerZero: e.isLayerZero, claimId: e.claimId } satisfies EdgeState);
  if (!fallback) await memo.set(mutualKey(e.mutualId), challengeId);

  if (e.level === 0 && e.isLayerZero && (await memo.get<boolean>(openedKey(challengeId))) === undefined) {
    await memo.set(openedKey(challengeId), true);
    facts.challenges.push(Object.assign(provenanceOf(rollup.l1ChainId, log), {
      rollupId: rollup.id,
      challengeId,
      type: 'BOLD',
      address: lower(log.address),
      disputedRoot: e.claimId,
      rootIndex: e.claimId,
      l2BlockNumber: null,
      creator: lower(tx.from),
      extra: json({ edgeId: e.edgeId, mutualId: e.mutualId, length: e.length, hasRival: e.hasRival }) as Record<string, unknown>,
    }));
  }
  if (e.level === 0 && e.isLayerZero) {
    facts.stateRootEvents.push(stateRootEvent(rollup, log, e.claimId, 'CHALLENGED', { challengeId, edgeId: e.edgeId }));
  }
  facts.challengeMoves.push(move(rollup, log, challengeId, 'EDGE_ADDED', {
    claimant: lower(tx.from),
    parentIndex: e.isLayerZero ? e.claimId : bisectionParents.get(bisectionKey(log.transactionHash, e.edgeId)) ?? null,
    claim: e.edgeId,
    extra: {
      mutualId: e.mutualId, originId: e.originId, claimId: e.claimId, length: e.length, level: e.level,
      hasRival: e.hasRival, isLayerZero: e.isLayerZero, challengeIdFallback: fallback || undefined,
    },
  }));
}

async function edgeChallenge(edgeId: string, memo: Memo): Promise<{ challengeId: string; edge?: EdgeState }> {
  const edge = await memo.get<EdgeState>(edgeKey(edgeId));
  return { challengeId: edge?.challengeId ?? edgeId, edge };
}

export async function edgeBisected(rollup: ArbitrumRollup, log: RawLog, e: Args<'EdgeBisected'>, tx: RawTransaction, memo: Memo, facts: Facts): Promise<void> {
  const { challengeId, edge } = await edgeChallenge(e.edgeId, memo);
  facts.challengeMoves.push(move(rollup, log, challengeId, 'BISECTED', {
    claimant: lower(tx.from), claim: e.edgeId,
    extra: { lowerChildId: e.lowerChildId, upperChildId: e.upperChildId, lowerChildAlreadyExists: e.lowerChildAlreadyExists, level: edge?.level, challengeIdFallback: edge ? undefined : true },
  }));
}

/** The revert reason of a contract-level failure (revert, no code / no such function); undefined for transport errors, which must be retried. */
function contractFailure(err: unknown): string | undefined {
  if (!(err instanceof BaseError)) return undefined;
  const cause = err.walk((x) => x instanceof ContractFunctionRevertedError || x instanceof ContractFunctionZeroDataError);
  if (!cause) return undefined;
  return (cause instanceof ContractFunctionRevertedError && cause.reason) || (cause as BaseError).shortMessage;
}

async function winnerIsFirstChild(rollup: ArbitrumRollup, log: RawLog, parent: string, winner: string, memo: Memo, ctx: DecodeContext): Promise<boolean | string> {
  const first = await memo.get<string>(firstChildKey(parent));
  if (first !== undefined) return first === winner;
  const rollupAddress = rollup.contracts.boldRollup?.address;
  if (!rollupAddress) return 'no BoLD rollup in the definition';
  try {
    const node = await ctx.readContract<{ isFirstChild: boolean }>({
      address: rollupAddress, abi: getAssertionAbi, functionName: 'getAssertion', args: [winner], blockNumber: log.blockNumber,
    });
    return node.isFirstChild;
  } catch (err) {
    const failure = contractFailure(err);
    if (failure === undefined) throw err;
    return `Rollup.getAssertion failed: ${failure}`;
  }
}

export async function edgeConfirmed(
  rollup: ArbitrumRollup, log: RawLog, how: 'CONFIRMED_BY_TIME' | 'ONE_STEP_PROOF',
  e: Args<'EdgeConfirmedByTime'> | Args<'EdgeConfirmedByOneStepProof'>, tx: RawTransaction, memo: Memo, ctx: DecodeContext, facts: Facts,
): Promise<void> {
  const { challengeId, edge } = await edgeChallenge(e.edgeId, memo);
  let status: Status = null;
  let reason: string | undefined;
  const resolves = edge !== undefined && edge.level === 0 && edge.isLayerZero;
  if (resolves) {
    const first = await winnerIsFirstChild(rollup, log, edge.challengeId, edge.claimId, memo, ctx);
    if (typeof first === 'boolean') status = first ? 'DEFENDER_WINS' : 'CHALLENGER_WINS';
    else reason = first;
  } else if (!edge) {
    reason = 'edge not in decoder state (decoded out of order)';
  }
  facts.challengeMoves.push(move(rollup, log, challengeId, how, {
    claimant: lower(tx.from), claim: e.edgeId, status,
    extra: {
      mutualId: e.mutualId,
      totalTimeUnrivaled: 'totalTimeUnrivaled' in e ? e.totalTimeUnrivaled : undefined,
      level: edge?.level,
      winningAssertion: resolves ? edge.claimId : undefined,
      challengeIdFallback: edge ? undefined : true,
      reason,
    },
  }));
}

export async function edgeRefunded(rollup: ArbitrumRollup, log: RawLog, e: Args<'EdgeRefunded'>, tx: RawTransaction, memo: Memo, facts: Facts): Promise<void> {
  const { challengeId, edge } = await edgeChallenge(e.edgeId, memo);
  facts.challengeMoves.push(move(rollup, log, challengeId, 'REFUNDED', {
    claimant: lower(tx.from), claim: e.edgeId,
    extra: { mutualId: e.mutualId, stakeToken: lower(e.stakeToken), stakeAmount: e.stakeAmount, challengeIdFallback: edge ? undefined : true },
  }));
}
