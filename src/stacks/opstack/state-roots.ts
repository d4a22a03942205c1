/**
 * State roots and their disputes.
 *
 * Legacy era (L2OutputOracle): OutputProposed → state_roots kind OUTPUT, rootIndex = l2OutputIndex
 * (decimal), proposer = tx sender; OutputsDeleted(prevNext, newNext) → one DELETED state_root_event
 * per deleted index newNext … prevNext−1 (subIndex numbers them within the log).
 *
 * Fault-proof era (DisputeGameFactory): every game is a proposed root. DisputeGameCreated →
 * state_roots kind OUTPUT with rootIndex = the game's address (lowercase; metrics tell game roots
 * from oracle outputs by this: an address vs a number) and extra.gameType, plus a challenges row
 * (challengeId = the game's address, type = String(gameType)). l2BlockNumber = the first 32 bytes of the game's extraData,
 * read from the create() calldata when the tx calls the factory directly, else from
 * game.l2BlockNumber() at the creation block.
 *
 * Games (factory children): Move → challenge_moves MOVE (claimant, parentIndex, claim; extra.claimIndex
 * and extra.position / depth from claimData when the game answers claimDataLen/claimData); the
 * first move of a game also adds a CHALLENGED state_root_event (games moved and not yet resolved
 * are kept in decoder state). Resolved(status) → challenge_moves RESOLVED with status
 * IN_PROGRESS | CHALLENGER_WINS | DEFENDER_WINS, and a state_root_event CONFIRMED (DEFENDER_WINS)
 * or REJECTED (CHALLENGER_WINS) with extra.status (RESOLVED for any other status).
 */
import type { Address, Hex, OpStackRollup } from '../../rollups/types.ts';
import type { DecodeContext, Facts, RawLog, RawTransaction } from '../types.ts';
import { faultDisputeGameViews, l2OutputOracleViews, portal2Views } from './abi.ts';
import { calls, decoders, topics as t } from './events.ts';
import { changedParameterRows, parameterRow, readFirst, readOptional } from './parameters.ts';
import { errorCode, errorMessage, isDataError, json, logProvenance, lower, MalformedDataError, type IssueSink } from './rows.ts';

/** dispute/lib/Types.sol GameTypes (contracts-bedrock 0.17.3); other values are named GAME_TYPE_<n>. */
export const GAME_TYPES: Record<number, string> = { 0: 'CANNON', 1: 'PERMISSIONED_CANNON', 2: 'ASTERISC', 255: 'ALPHABET' };
export const gameTypeName = (n: number) => GAME_TYPES[n] ?? `GAME_TYPE_${n}`;

/** GameStatus enum. */
export const GAME_STATUS = ['IN_PROGRESS', 'CHALLENGER_WINS', 'DEFENDER_WINS'] as const;
export type GameStatus = (typeof GAME_STATUS)[number];

/** Cap on the rows one OutputsDeleted may produce (a real deletion removes a handful of outputs). */
const MAX_DELETED_OUTPUTS = 100_000;

type Report = (log: RawLog, err: unknown) => void;

export async function decodeOutputOracle(
  rollup: OpStackRollup, logs: readonly RawLog[], txs: ReadonlyMap<Hex, RawTransaction>, ctx: DecodeContext, facts: Facts, report: Report,
): Promise<void> {
  const chainId = rollup.l1ChainId;
  let paramsRead = false;
  for (const log of logs) {
    try {
      if (log.topics[0] === t.OutputProposed) {
        const e = decoders.OutputProposed(log).args;
        const tx = txs.get(log.transactionHash);
        facts.stateRoots.push(Object.assign(logProvenance(chainId, log), {
          rollupId: rollup.id, kind: 'OUTPUT', rootIndex: e.l2OutputIndex.toString(), parentIndex: null,
          root: e.outputRoot, l2BlockNumber: Number(e.l2BlockNumber), l2BlockHash: null, proposer: tx ? lower(tx.from) : null,
          extra: json({ l1Timestamp: e.l1Timestamp, oracle: lower(log.address) }),
        }));
        if (!paramsRead) {
          paramsRead = true;
          const oracle = lower(log.address);
          const abi = l2OutputOracleViews;
          facts.parameterChanges.push(...await changedParameterRows(rollup, log, {
            finalizationPeriodSeconds: await readFirst<bigint>(ctx, oracle, abi, ['finalizationPeriodSeconds', 'FINALIZATION_PERIOD_SECONDS'], log.blockNumber),
            submissionInterval: await readFirst<bigint>(ctx, oracle, abi, ['submissionInterval', 'SUBMISSION_INTERVAL'], log.blockNumber),
          }, ctx));
        }
      } else if (log.topics[0] === t.OutputsDeleted) {
        const e = decoders.OutputsDeleted(log).args;
        const count = e.prevNextOutputIndex - e.newNextOutputIndex;
        if (count < 0n || count > BigInt(MAX_DELETED_OUTPUTS)) {
          throw new MalformedDataError(`OutputsDeleted from ${e.newNextOutputIndex} to ${e.prevNextOutputIndex}: expected 0 … ${MAX_DELETED_OUTPUTS} deleted outputs`);
        }
        for (let i = 0; i < Number(count); i++) {
          facts.stateRootEvents.push(Object.assign(logProvenance(chainId, log, i), {
            rollupId: rollup.id, kind: 'OUTPUT', rootIndex: (e.newNextOutputIndex + BigInt(i)).toString(), status: 'DELETED',
            extra: json({ prevNextOutputIndex: e.prevNextOutputIndex, newNextOutputIndex: e.newNextOutputIndex }),
          }));
        }
      }
    } catch (err) {
      report(log, err);
    }
  }
}

/** L2 block number of a new game: create() calldata's extraData (direct call), else game.l2BlockNumber(). */
async function gameL2Block(rollup: OpStackRollup, log: RawLog, game: Address, e: { gameType: number; rootClaim: Hex }, tx: RawTransaction | undefined, ctx: DecodeContext): Promise<{ l2BlockNumber: number | null; extraData?: Hex }> {
  const factory = rollup.contracts.disputeGameFactory?.address;
  if (tx?.to && factory && lower(tx.to) === lower(factory) && tx.input.startsWith(calls.create.selector)) {
    try {
      const [gameType, rootClaim, extraData] = calls.create(tx.input, tx.hash).args as [number, Hex, Hex];
      if (gameType === e.gameType && rootClaim === e.rootClaim && extraData.length >= 66) {
        return { l2BlockNumber: Number(BigInt(extraData.slice(0, 66))), extraData };
      }
    } catch {
      // not a well-formed create(): fall back to reading the game
    }
  }
  const n = await readOptional<bigint>(ctx, { address: game, abi: faultDisputeGameViews, functionName: 'l2BlockNumber', blockNumber: log.blockNumber });
  return { l2BlockNumber: n === undefined ? null : Number(n) };
}

export async function decodeGameFactory(
  rollup: OpStackRollup, logs: readonly RawLog[], txs: ReadonlyMap<Hex, RawTransaction>, ctx: DecodeContext, facts: Facts, report: Report,
): Promise<void> {
  const chainId = rollup.l1ChainId;
  const created: { log: RawLog; game: Address; gameType: number }[] = [];
  for (const log of logs) {
    try {
      switch (log.topics[0]) {
        case t.DisputeGameCreated: {
          const e = decoders.DisputeGameCreated(log).args;
          const game = lower(e.disputeProxy);
          const tx = txs.get(log.transactionHash);
          const { l2BlockNumber, extraData } = await gameL2Block(rollup, log, game, e, tx, ctx);
          const prov = logProvenance(chainId, log);
          const proposer = tx ? lower(tx.from) : null;
          facts.stateRoots.push({
            ...prov, rollupId: rollup.id, kind: 'OUTPUT', rootIndex: game, parentIndex: null, root: e.rootClaim, l2BlockNumber, l2BlockHash: null, proposer,
            extra: json({ gameType: e.gameType, gameTypeName: gameTypeName(e.gameType), extraData }),
          });
          facts.challenges.push({
            ...prov, rollupId: rollup.id, challengeId: game, type: String(e.gameType), address: game, disputedRoot: e.rootClaim, rootIndex: game,
            l2BlockNumber, creator: proposer, extra: { gameType: e.gameType, gameTypeName: gameTypeName(e.gameType) },
          });
          created.push({ log, game, gameType: e.gameType });
          break;
        }
        case t.ImplementationSet: {
          const e = decoders.ImplementationSet(log).args;
          facts.parameterChanges.push(parameterRow(rollup, log, `gameImplementation.${e.gameType}`, lower(e.impl)));
          break;
        }
        case t.InitBondUpdated: {
          const e = decoders.InitBondUpdated(log).args;
          facts.parameterChanges.push(parameterRow(rollup, log, `initBond.${e.gameType}`, e.newBond));
          break;
        }
      }
    } catch (err) {
      report(log, err);
    }
  }
  if (created.length > 0) {
    // Finality parameters of the fault-proof era, read at the first game of the range.
    const first = created[0];
    const at = first.log.blockNumber;
    const portal = lower(rollup.contracts.optimismPortal.address);
    const respected = await readOptional<number>(ctx, { address: portal, abi: portal2Views, functionName: 'respectedGameType', blockNumber: at });
    const sample = created.find((c) => c.gameType === respected && c.log.blockNumber === at) ?? first;
    facts.parameterChanges.push(...await changedParameterRows(rollup, first.log, {
      proofMaturityDelaySeconds: await readOptional<bigint>(ctx, { address: portal, abi: portal2Views, functionName: 'proofMaturityDelaySeconds', blockNumber: at }),
      disputeGameFinalityDelaySeconds: await readOptional<bigint>(ctx, { address: portal, abi: portal2Views, functionName: 'disputeGameFinalityDelaySeconds', blockNumber: at }),
      respectedGameType: respected,
      maxClockDurationSeconds: await readOptional<bigint>(ctx, { address: sample.game, abi: faultDisputeGameViews, functionName: 'maxClockDuration', blockNumber: at }),
    }, ctx));
  }
}

const CHALLENGED_KEY = 'challengedGames';

export async function decodeGames(rollup: OpStackRollup, logs: readonly RawLog[], ctx: DecodeContext, facts: Facts, report: Report): Promise<void> {
  const chainId = rollup.l1ChainId;
  const challenged = new Set(await ctx.state.get<string[]>(CHALLENGED_KEY) ?? []);
  const before = [...challenged].sort().join();
  const claimIndexes = await moveClaimIndexes(logs, ctx);
  for (const log of logs) {
    const game = lower(log.address);
    try {
      const prov = logProvenance(chainId, log);
      if (log.topics[0] === t.Move) {
        const e = decoders.Move(log).args;
        const claimIndex = claimIndexes.get(log);
        let position: bigint | undefined;
        if (claimIndex !== undefined) {
          const data = await readOptional<readonly unknown[]>(ctx, { address: game, abi: faultDisputeGameViews, functionName: 'claimData', args: [claimIndex], blockNumber: log.blockNumber });
          if (data && data[4] === e.claim) position = data[5] as bigint;
        }
        facts.challengeMoves.push({
          ...prov, rollupId: rollup.id, challengeId: game, action: 'MOVE', claimant: lower(e.claimant), parentIndex: e.parentIndex.toString(), claim: e.claim, status: null,
          extra: json({ claimIndex, position, depth: position === undefined ? undefined : position.toString(2).length - 1 }),
        });
        if (!challenged.has(game)) {
          challenged.add(game);
          facts.stateRootEvents.push({ ...prov, rollupId: rollup.id, kind: 'OUTPUT', rootIndex: game, status: 'CHALLENGED', extra: json({ challenger: lower(e.claimant) }) });
        }
      } else if (log.topics[0] === t.Resolved) {
        const status = decoders.Resolved(log).args.status;
        const name = GAME_STATUS[status];
        if (!name) throw new MalformedDataError(`Resolved status ${status} is not a GameStatus (0 IN_PROGRESS, 1 CHALLENGER_WINS, 2 DEFENDER_WINS)`);
        challenged.delete(game);
        facts.challengeMoves.push({ ...prov, rollupId: rollup.id, challengeId: game, action: 'RESOLVED', claimant: null, parentIndex: null, claim: null, status: name, extra: null });
        const rootStatus = name === 'DEFENDER_WINS' ? 'CONFIRMED' : name === 'CHALLENGER_WINS' ? 'REJECTED' : 'RESOLVED';
        facts.stateRootEvents.push({ ...prov, rollupId: rollup.id, kind: 'OUTPUT', rootIndex: game, status: rootStatus, extra: { status: name } });
      }
    } catch (err) {
      report(log, err);
    }
  }
  const after = [...challenged].sort();
  if (after.join() !== before) await ctx.state.set(CHALLENGED_KEY, after);
}

/**
 * Claim index of each Move: claimDataLen() at the end of the move's block, minus the moves of the
 * same game later in that block. Absent when the game does not answer claimDataLen().
 */
async function moveClaimIndexes(logs: readonly RawLog[], ctx: DecodeContext): Promise<Map<RawLog, bigint>> {
  const groups = new Map<string, RawLog[]>();
  for (const log of logs) {
    if (log.topics[0] !== t.Move) continue;
    const key = `${lower(log.address)}:${log.blockNumber}`;
    const g = groups.get(key) ?? [];
    g.push(log);
    groups.set(key, g);
  }
  const out = new Map<RawLog, bigint>();
  for (const moves of groups.values()) {
    const len = await readOptional<bigint>(ctx, { address: lower(moves[0].address), abi: faultDisputeGameViews, functionName: 'claimDataLen', blockNumber: moves[0].blockNumber });
    if (len === undefined || len < BigInt(moves.length)) continue;
    moves.forEach((m, j) => out.set(m, len - BigInt(moves.length) + BigInt(j)));
  }
  return out;
}

/** Reports a malformed log; rethrows anything else (transport errors of reads, bugs). */
export function reportLog(rollup: OpStackRollup, source: string, sink: IssueSink): Report {
  return (log, err) => {
    if (!isDataError(err)) throw err;
    sink({ rollupId: rollup.id, source, what: 'log', blockNumber: log.blockNumber, txHash: log.transactionHash, logIndex: log.logIndex, code: errorCode(err), message: errorMessage(err) });
  };
}
