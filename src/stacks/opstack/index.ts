/**
 * The OP Stack: sources() says what to read on L1 for a rollup definition (sources.ts), decode()
 * turns one fetched range of one source into fact rows. Pure apart from DecodeContext (contract
 * reads, decoder state) and the BatcherHistory the stack is created with.
 *
 * Decoder state (ctx.state, versioned by the engine per range end and rolled back on reorg):
 * - batches: `batcher` = BatcherDecoderState (half-built channels, next batch number, DA costs of
 *   txs whose frames are still buffered) — written only when it changed;
 * - deposits (a sequential log source): `depositCount`, the next deposit queue index;
 * - games: `challengedGames` (moved, not yet resolved);
 * - output-oracle / game-factory: `param:<name>`, the last finality parameter value recorded.
 *
 * @example
 * const stack = createOpStack({ batchers: batcherHistoryFromDb({ db }), onIssue: (i) => log.warn({ msg: 'opstack decode issue', ...i }) });
 * createIngest({ ..., rollups: [{ definition: opMainnet, stack }, { definition: base, stack }] });
 */
import type { OpStackRollup } from '../../rollups/types.ts';
import { emptyFacts, type StackIndexer } from '../types.ts';
import { createLogger } from '../../log.ts';
import { decodeBatcherTransactions, type BatcherDecoderState } from './batches.ts';
import { definitionBatcherHistory, SYSTEM_CONFIG_SOURCE, type BatcherHistory } from './batcher-history.ts';
import { decodeDeposits } from './deposits.ts';
import { decoders, topics as t } from './events.ts';
import { decodeConfigUpdate, parameterRow } from './parameters.ts';
import { type IssueSink } from './rows.ts';
import { isSourceName, opStackSources } from './sources.ts';
import { decodeGameFactory, decodeGames, decodeOutputOracle, reportLog } from './state-roots.ts';
import { decodeWithdrawals } from './withdrawals.ts';

export interface OpStackOptions {
  /** Batcher in force at each L1 block (sources' senders and decode's validity check). Default: the definition's initialBatcher. */
  batchers?: BatcherHistory;
  /** Receives what decode skipped (malformed logs/txs/blobs, discarded channels). Default: a warn log line. */
  onIssue?: IssueSink;
}

/** Decoder-state key of the batches source. */
export const BATCHER_STATE_KEY = 'batcher';

let defaultLogger: ReturnType<typeof createLogger> | undefined;
const logIssue: IssueSink = (issue) => {
  defaultLogger ??= createLogger('warn');
  defaultLogger.warn({ msg: 'opstack decode issue', ...issue });
};

export function createOpStack(options: OpStackOptions = {}): StackIndexer<OpStackRollup> & { batchers: BatcherHistory } {
  const batchers = options.batchers ?? definitionBatcherHistory();
  const onIssue = options.onIssue ?? logIssue;
  return {
    stack: 'opstack',
    batchers,
    sources: (rollup) => opStackSources(rollup, { batchers }),
    async decode(rollup, batch, ctx) {
      const facts = emptyFacts();
      const id = batch.source.id.startsWith(`${rollup.id}:`) ? batch.source.id.slice(rollup.id.length + 1) : batch.source.id;
      if (!isSourceName(id)) throw new Error(`OP Stack has no source ${batch.source.id} for rollup ${rollup.id}`);
      const report = reportLog(rollup, id, onIssue);
      switch (id) {
        case 'deposits':
          await decodeDeposits(rollup, batch.logs, ctx, facts, onIssue, id);
          break;
        case 'withdrawals':
          decodeWithdrawals(rollup, batch.logs, batch.transactions, facts, onIssue, id);
          break;
        case SYSTEM_CONFIG_SOURCE:
          for (const log of batch.logs) {
            if (log.topics[0] !== t.ConfigUpdate) continue;
            try {
              const e = decoders.ConfigUpdate(log).args;
              const { name, value } = decodeConfigUpdate(e.updateType, e.data);
              facts.parameterChanges.push(parameterRow(rollup, log, name, value));
            } catch (err) {
              report(log, err);
            }
          }
          break;
        case 'output-oracle':
          await decodeOutputOracle(rollup, batch.logs, batch.transactions, ctx, facts, report);
          break;
        case 'game-factory':
          await decodeGameFactory(rollup, batch.logs, batch.transactions, ctx, facts, report);
          break;
        case 'games':
          await decodeGames(rollup, batch.logs, ctx, facts, report);
          break;
        case 'batches': {
          const prior = await ctx.state.get<BatcherDecoderState>(BATCHER_STATE_KEY);
          const txs = [...batch.transactions.values()].sort((a, b) => a.blockNumber - b.blockNumber || a.transactionIndex - b.transactionIndex);
          const { rows, state } = await decodeBatcherTransactions({ rollup, txs, state: prior, batchers, report: onIssue, source: id });
          facts.sequencerBatches.push(...rows);
          if (JSON.stringify(state) !== JSON.stringify(prior ?? null)) await ctx.state.set(BATCHER_STATE_KEY, state);
          break;
        }
      }
      return facts;
    },
  };
}

/** The OP Stack indexer with the definition's initialBatcher as batcher history (see createOpStack). */
export const opStack = createOpStack();

export { opStackSources, sourceNames } from './sources.ts';
export { batcherHistoryFromDb, definitionBatcherHistory, BATCHER_PARAMETER, type BatcherHistory } from './batcher-history.ts';
export { decodeBatcherTransactions, initialBatcherState, derivationParams, type BatcherDecoderState, type CarrierCost } from './batches.ts';
export { unpackOpaqueData, depositTransactionHash, l1Position, depositDeadline, L1_SLOT_SECONDS, DEPOSIT_COUNT_KEY, type DepositData } from './deposits.ts';
export { withdrawalHash, type WithdrawalTransaction } from './withdrawals.ts';
export { classifyDeposit, classifyWithdrawal, type MessageKind, type ClassifiedMessage } from './messages.ts';
export { decodeConfigUpdate, CONFIG_UPDATE_TYPES } from './parameters.ts';
export { GAME_TYPES, GAME_STATUS, gameTypeName } from './state-roots.ts';
export type { DecodeIssue, IssueSink } from './rows.ts';
