/**
 * State roots and challenges: L2 outputs proposed to the L2OutputOracle (legacy era) and dispute
 * games created through the DisputeGameFactory (fault-proof era), moves and resolution.
 *
 * Truth recorded (the indexer must reproduce it):
 * - Legacy output: TruthStateRoot kind OUTPUT, index = l2OutputIndex (decimal), root = outputRoot,
 *   l1 = the OutputProposed log; OutputsDeleted(prev, new) adds status DELETED to every output with
 *   index in [new, prev) that was still live. (Indices are reused after a deletion.)
 * - Game: TruthStateRoot kind OUTPUT, index = game address (lowercase), root = rootClaim,
 *   l2BlockNumber = the game's l2BlockNumber(), l1 = the DisputeGameCreated log, proposer = the
 *   creator; status CHALLENGED at the first Move, CONFIRMED at Resolved(DEFENDER_WINS), REJECTED at
 *   Resolved(CHALLENGER_WINS). PROPOSED is implicit (not in statusChanges). FINALIZED is not an
 *   event: it is time-derived (game: resolvedAt + disputeGameFinalityDelaySeconds; legacy output:
 *   l1Timestamp + FINALIZATION_PERIOD_SECONDS) and is not recorded.
 * - Every game is also a TruthChallenge: challengeId = address = game address (lowercase),
 *   type = String(gameType), disputedRoot = rootClaim, created = the DisputeGameCreated log,
 *   moves = its Move logs (claimant lowercase, parentIndex decimal, claim), status/resolved from
 *   Resolved. An unchallenged game resolves DEFENDER_WINS with no moves.
 */
import { keccak256, pad, toHex, encodeAbiParameters, type Hex } from 'viem';
import type { HDAccount } from 'viem/accounts';
import type { RecordedTx } from '../recorder.ts';
import { refOf } from '../recorder.ts';
import type { StateRootStatus, TruthChallenge, TruthStateRoot } from '../truth.ts';
import type { Address } from '../../rollups/types.ts';
import { l2Head } from './l2.ts';
import {
  GAME_STATUS,
  L2_TO_L1_MESSAGE_PASSER,
  gameStatusName,
  movePosition,
  outputBlockAtPosition,
  outputRootOf,
  positionDepth,
  type OutputRootProof,
} from './protocol.ts';
import { abiOf, eventsOf, lower, writeL1, type OpGame, type OpOutput, type OpState } from './state.ts';

/** The output root proof of an L2 block: version 0, its state root, the message passer's storage root, its hash. */
export async function outputRootProofAt(s: OpState, l2Block: number): Promise<OutputRootProof> {
  const block = await s.l2.public.getBlock({ blockNumber: BigInt(l2Block) });
  const proof = await s.l2.rpc<{ storageHash: Hex }>('eth_getProof', [L2_TO_L1_MESSAGE_PASSER, [], toHex(l2Block)]);
  return { version: pad('0x00', { size: 32 }), stateRoot: block.stateRoot, messagePasserStorageRoot: proof.storageHash, latestBlockhash: block.hash! };
}

export async function outputRootAt(s: OpState, l2Block: number): Promise<Hex> {
  return outputRootOf(await outputRootProofAt(s, l2Block));
}

/** A root that is not the output root of `l2Block` (deterministic). */
function invalidRoot(s: OpState, l2Block: number, salt: string): Hex {
  return keccak256(encodeAbiParameters([{ type: 'string' }, { type: 'uint256' }, { type: 'string' }], [`invalid:${s.id}`, BigInt(l2Block), salt]));
}

const statusChange = (root: TruthStateRoot | undefined, status: StateRootStatus, l1: TruthStateRoot['l1']) => {
  if (root) root.statusChanges.push({ status, l1 });
};

// ---------------------------------------------------------------------------------------------
// Legacy era: L2OutputOracle

export interface ProposeOutputArgs {
  /** Propose a wrong root (to be deleted by the challenger). */
  invalid?: boolean;
}

export async function proposeOutput(s: OpState, args: ProposeOutputArgs = {}): Promise<OpOutput> {
  const oracle = s.addresses.l2OutputOracle;
  if (!oracle || s.era !== 'legacy') throw new Error(`[opstack ${s.id}] proposeOutput needs the legacy era (L2OutputOracle); era is ${s.era}`);
  const next = Number(await s.l1.public.readContract({ address: oracle, abi: abiOf('L2OutputOracle'), functionName: 'nextBlockNumber' }));
  if (l2Head(s).number < next) {
    throw new Error(`[opstack ${s.id}] next output is for L2 block ${next} but the L2 head is ${l2Head(s).number}: produce L2 blocks first`);
  }
  const root = args.invalid ? invalidRoot(s, next, 'output') : await outputRootAt(s, next);
  const head = await s.l1.clock.head();
  const tx = await writeL1(
    s,
    s.accounts.proposer,
    { address: oracle, artifact: 'L2OutputOracle', functionName: 'proposeL2Output', args: [root, BigInt(next), head.hash, BigInt(head.number)] },
    (t) => buildOutputProposed(s, t),
  );
  const ev = eventsOf(tx, 'OutputProposed', oracle)[0]!;
  const out: OpOutput = {
    index: Number(ev.args.l2OutputIndex),
    l2BlockNumber: next,
    outputRoot: root,
    valid: !args.invalid,
    l1Timestamp: tx.ref.timestamp,
    deleted: false,
  };
  s.outputs.push(out);
  return out;
}

function buildOutputProposed(s: OpState, tx: RecordedTx): void {
  for (const ev of eventsOf(tx, 'OutputProposed', s.addresses.l2OutputOracle)) {
    s.truth.stateRoots.push({
      rollupId: s.id,
      kind: 'OUTPUT',
      index: String(ev.args.l2OutputIndex),
      root: ev.args.outputRoot as Hex,
      l2BlockNumber: Number(ev.args.l2BlockNumber),
      l1: refOf(tx, ev.logIndex),
      proposer: lower(tx.from),
      statusChanges: [],
    });
  }
}

/** The challenger deletes outputs from `index` on (L2OutputOracle.deleteL2Outputs). */
export async function deleteOutputs(s: OpState, index: number): Promise<RecordedTx> {
  const oracle = s.addresses.l2OutputOracle;
  if (!oracle) throw new Error(`[opstack ${s.id}] deleteOutputs needs the L2OutputOracle`);
  const tx = await writeL1(
    s,
    s.accounts.challenger,
    { address: oracle, artifact: 'L2OutputOracle', functionName: 'deleteL2Outputs', args: [BigInt(index)] },
    (t) => {
      for (const ev of eventsOf(t, 'OutputsDeleted', oracle)) {
        const from = Number(ev.args.newNextOutputIndex);
        const to = Number(ev.args.prevNextOutputIndex);
        for (const r of s.truth.stateRoots) {
          const i = Number(r.index);
          if (r.rollupId !== s.id || r.kind !== 'OUTPUT' || !/^\d+$/.test(r.index) || i < from || i >= to) continue;
          if (r.statusChanges.some((c) => c.status === 'DELETED')) continue;
          statusChange(r, 'DELETED', refOf(t, ev.logIndex));
        }
      }
    },
  );
  for (const o of s.outputs) if (o.index >= index) o.deleted = true;
  s.outputs = s.outputs.filter((o) => !o.deleted);
  return tx;
}

// ---------------------------------------------------------------------------------------------
// Fault-proof era: DisputeGameFactory / FaultDisputeGame

export interface CreateGameArgs {
  /** L2 block the root claim is about (default: the L2 head). */
  l2Block?: number;
  /** Claim a wrong output root. */
  invalid?: boolean;
}

export async function createGame(s: OpState, args: CreateGameArgs = {}): Promise<OpGame> {
  const factory = s.addresses.disputeGameFactory;
  if (!factory || s.era !== 'faultProofs') throw new Error(`[opstack ${s.id}] createGame needs the fault-proof era; era is ${s.era}`);
  const l2Block = args.l2Block ?? l2Head(s).number;
  if (l2Block <= s.definition.genesis.l2Block || l2Block > l2Head(s).number) {
    throw new Error(`[opstack ${s.id}] createGame: L2 block ${l2Block} is not a produced block (genesis ${s.definition.genesis.l2Block}, head ${l2Head(s).number})`);
  }
  const rootClaim = args.invalid ? invalidRoot(s, l2Block, 'game') : await outputRootAt(s, l2Block);
  const extraData = pad(toHex(l2Block), { size: 32 });
  const gameType = s.params.gameType;
  const tx = await writeL1(
    s,
    s.accounts.proposer,
    { address: factory, artifact: 'DisputeGameFactory', functionName: 'create', args: [gameType, rootClaim, extraData], value: s.params.initBondWei },
    (t) => buildGameCreated(s, t),
  );
  const ev = eventsOf(tx, 'DisputeGameCreated', factory)[0]!;
  const address = lower(ev.args.disputeProxy as string);
  const count = Number(await s.l1.public.readContract({ address: factory, abi: abiOf('DisputeGameFactory'), functionName: 'gameCount' }));
  const game: OpGame = {
    index: count - 1,
    address,
    gameType,
    l2BlockNumber: l2Block,
    rootClaim,
    valid: !args.invalid,
    claims: [{ parentIndex: 0xffffffff, position: 1n, claim: rootClaim, claimant: lower(s.accounts.proposer.address) }],
    status: 'IN_PROGRESS',
    createdAt: tx.ref.timestamp,
  };
  s.games.push(game);
  return game;
}

async function buildGameCreated(s: OpState, tx: RecordedTx): Promise<void> {
  for (const ev of eventsOf(tx, 'DisputeGameCreated', s.addresses.disputeGameFactory)) {
    const address = lower(ev.args.disputeProxy as string);
    s.recorder.registerContract({ chainId: s.l1.chainId, address, abi: abiOf('FaultDisputeGame'), name: 'FaultDisputeGame' });
    const l2Block = Number(await s.l1.public.readContract({ address, abi: abiOf('FaultDisputeGame'), functionName: 'l2BlockNumber' }));
    const created = refOf(tx, ev.logIndex);
    s.truth.stateRoots.push({
      rollupId: s.id,
      kind: 'OUTPUT',
      index: address,
      root: ev.args.rootClaim as Hex,
      l2BlockNumber: l2Block,
      l1: created,
      proposer: lower(tx.from),
      statusChanges: [],
    });
    s.truth.challenges.push({
      rollupId: s.id,
      challengeId: address,
      type: String(ev.args.gameType),
      address,
      disputedRoot: ev.args.rootClaim as Hex,
      l2BlockNumber: l2Block,
      created,
      moves: [],
      status: 'IN_PROGRESS',
    });
  }
}

export interface MoveArgs {
  game: OpGame;
  /** Index (in claimData) of the claim being countered. */
  parentIndex: number;
  /** true = attack (default), false = defend. */
  attack?: boolean;
  /** Claim to post; default: the honest output root at the new position (if the mover is honest), else a wrong one. */
  claim?: Hex;
  /** Who moves; default: the side the new claim's depth belongs to (odd depth: challenger, even: proposer). */
  by?: 'challenger' | 'proposer';
}

export async function move(s: OpState, args: MoveArgs): Promise<{ claimIndex: number; position: bigint; tx: RecordedTx }> {
  const { game, parentIndex } = args;
  const parent = game.claims[parentIndex];
  if (!parent) throw new Error(`[opstack ${s.id}] move: game ${game.address} has no claim ${parentIndex} (has ${game.claims.length})`);
  const isAttack = args.attack ?? true;
  const position = movePosition(parent.position, isAttack);
  const depth = positionDepth(position);
  const by = args.by ?? (depth % 2 === 1 ? 'challenger' : 'proposer');
  const account: HDAccount = by === 'challenger' ? s.accounts.challenger : s.accounts.proposer;
  const honest = (by === 'proposer') === game.valid;
  let claim = args.claim;
  if (!claim) {
    if (honest && depth <= s.params.splitDepth) {
      const block = outputBlockAtPosition({ position, splitDepth: s.params.splitDepth, startingBlock: s.definition.genesis.l2Block, disputedBlock: game.l2BlockNumber });
      claim = block <= l2Head(s).number ? await outputRootAt(s, block) : invalidRoot(s, block, `honest:${position}`);
    } else {
      claim = keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }, { type: 'bool' }], [game.address, position, honest]));
    }
  }
  const tx = await writeL1(
    s,
    account,
    { address: game.address, artifact: 'FaultDisputeGame', functionName: 'move', args: [parent.claim, BigInt(parentIndex), claim, isAttack] },
    (t) => buildMoves(s, t),
  );
  game.claims.push({ parentIndex, position, claim, claimant: lower(account.address) });
  return { claimIndex: game.claims.length - 1, position, tx };
}

function buildMoves(s: OpState, tx: RecordedTx): void {
  for (const ev of eventsOf(tx, 'Move')) {
    const challenge = findChallenge(s, ev.address);
    if (!challenge) continue;
    const l1 = refOf(tx, ev.logIndex);
    challenge.moves.push({ claimant: lower(ev.args.claimant as string), parentIndex: String(ev.args.parentIndex), claim: ev.args.claim as Hex, l1 });
    const root = findGameRoot(s, ev.address);
    if (root && !root.statusChanges.some((c) => c.status === 'CHALLENGED')) statusChange(root, 'CHALLENGED', l1);
  }
}

/** L1 time from which resolve() succeeds: every claim's challenger clock has run out. */
export async function gameResolvableAt(s: OpState, game: OpGame): Promise<number> {
  const abi = abiOf('FaultDisputeGame');
  const n = Number(await s.l1.public.readContract({ address: game.address, abi, functionName: 'claimDataLen' }));
  const clocks: { parent: number; duration: bigint; timestamp: bigint }[] = [];
  for (let i = 0; i < n; i++) {
    const c = (await s.l1.public.readContract({ address: game.address, abi, functionName: 'claimData', args: [BigInt(i)] })) as readonly [number, Address, Address, bigint, Hex, bigint, bigint];
    clocks.push({ parent: c[0], duration: c[6] >> 64n, timestamp: c[6] & ((1n << 64n) - 1n) });
  }
  let at = 0n;
  for (const c of clocks) {
    const parentDuration = c.parent === 0xffffffff ? 0n : clocks[c.parent]!.duration;
    const t = c.timestamp + BigInt(s.params.maxClockDuration) - parentDuration;
    if (t > at) at = t;
  }
  return Number(at);
}

export async function resolveGame(s: OpState, game: OpGame): Promise<OpGame['status']> {
  const tx = await writeL1(s, s.accounts.challenger, { address: game.address, artifact: 'FaultDisputeGame', functionName: 'resolve' }, (t) => buildResolved(s, t));
  const ev = eventsOf(tx, 'Resolved', game.address)[0]!;
  game.status = gameStatusName(Number(ev.args.status)) as OpGame['status'];
  game.resolvedAt = tx.ref.timestamp;
  return game.status;
}

function buildResolved(s: OpState, tx: RecordedTx): void {
  for (const ev of eventsOf(tx, 'Resolved')) {
    const challenge = findChallenge(s, ev.address);
    if (!challenge) continue;
    const status = Number(ev.args.status);
    const l1 = refOf(tx, ev.logIndex);
    challenge.status = status === GAME_STATUS.DEFENDER_WINS ? 'DEFENDER_WINS' : 'CHALLENGER_WINS';
    challenge.resolved = l1;
    statusChange(findGameRoot(s, ev.address), status === GAME_STATUS.DEFENDER_WINS ? 'CONFIRMED' : 'REJECTED', l1);
  }
}

function findChallenge(s: OpState, address: string): TruthChallenge | undefined {
  return s.truth.challenges.find((c) => c.rollupId === s.id && c.challengeId === address.toLowerCase());
}

function findGameRoot(s: OpState, address: string): TruthStateRoot | undefined {
  return s.truth.stateRoots.find((r) => r.rollupId === s.id && r.index === address.toLowerCase());
}
