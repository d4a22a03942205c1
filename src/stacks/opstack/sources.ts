/**
 * What to read on L1 for an OP Stack rollup (source ids are unique per rollup; the engine keys
 * progress by `${rollup.id}:${id}`):
 *
 * - deposits       OptimismPortal TransactionDeposited + L1StandardBridge ETH/ERC20 *Initiated
 *                  (the bridge events of a deposit precede its TransactionDeposited in the same tx);
 *                  sequential: the deposit queue index is a running count kept in decoder state
 * - withdrawals    OptimismPortal WithdrawalProven(+Extension1)/WithdrawalFinalized,
 *                  DisputeGameBlacklisted, RespectedGameTypeSet + L1StandardBridge *Finalized;
 *                  with transactions (prover, the proven/finalized WithdrawalTransaction)
 * - system-config  SystemConfig ConfigUpdate (batcher changes and other parameters)
 * - output-oracle  L2OutputOracle OutputProposed/OutputsDeleted (legacy era), with transactions
 * - game-factory   DisputeGameFactory DisputeGameCreated/ImplementationSet/InitBondUpdated
 *                  (fault-proof era), with transactions (creator, create() extraData)
 * - games          FactorySource: Move/Resolved of every game DisputeGameCreated announced
 * - batches        TransactionSource: batcher → batch inbox txs, with receipts and blobs; senders
 *                  follow the batcher history. ORDERING: the batches of a range need the
 *                  system-config source indexed through that range (batcherHistoryFromDb enforces it).
 */
import type { Address, Hex, OpStackRollup, TrackedContract } from '../../rollups/types.ts';
import type { FactorySource, LogSource, Source, TransactionSource } from '../types.ts';
import { SYSTEM_CONFIG_SOURCE, type BatcherHistory } from './batcher-history.ts';
import { topics as t } from './events.ts';
import { lower, topicAddress } from './rows.ts';

export const sourceNames = ['deposits', 'withdrawals', SYSTEM_CONFIG_SOURCE, 'output-oracle', 'game-factory', 'games', 'batches'] as const;
export type OpStackSourceName = (typeof sourceNames)[number];

export function isSourceName(id: string): id is OpStackSourceName {
  return (sourceNames as readonly string[]).includes(id);
}

export const depositTopics: Hex[] = [t.TransactionDeposited, t.ETHDepositInitiated, t.ERC20DepositInitiated, t.ETHBridgeInitiated, t.ERC20BridgeInitiated];
export const withdrawalTopics: Hex[] = [
  t.WithdrawalProven, t.WithdrawalProvenExtension1, t.WithdrawalFinalized, t.DisputeGameBlacklisted, t.RespectedGameTypeSet,
  t.ETHWithdrawalFinalized, t.ERC20WithdrawalFinalized, t.ETHBridgeFinalized, t.ERC20BridgeFinalized,
];
export const systemConfigTopics: Hex[] = [t.ConfigUpdate];
export const outputOracleTopics: Hex[] = [t.OutputProposed, t.OutputsDeleted];
export const gameFactoryTopics: Hex[] = [t.DisputeGameCreated, t.ImplementationSet, t.InitBondUpdated];
export const gameTopics: Hex[] = [t.Move, t.Resolved];

function span(contracts: readonly TrackedContract[]): { fromBlock: number; toBlock?: number } {
  const fromBlock = Math.min(...contracts.map((c) => c.fromBlock));
  const ends = contracts.map((c) => c.toBlock);
  return ends.every((e): e is number => e !== undefined) ? { fromBlock, toBlock: Math.max(...ends) } : { fromBlock };
}

function logs(rollup: OpStackRollup, id: OpStackSourceName, contracts: TrackedContract[], topics: Hex[], extra: Partial<LogSource> = {}): LogSource {
  return {
    kind: 'logs',
    id,
    chainId: rollup.l1ChainId,
    addresses: [...new Set(contracts.map((c) => lower(c.address)))],
    topics,
    ...span(contracts),
    ...extra,
  };
}

export function opStackSources(rollup: OpStackRollup, { batchers }: { batchers: BatcherHistory }): Source[] {
  const c = rollup.contracts;
  const portalAndBridge = [c.optimismPortal, ...(c.l1StandardBridge ? [c.l1StandardBridge] : [])];
  const out: Source[] = [
    logs(rollup, 'deposits', portalAndBridge, depositTopics, { sequential: true }),
    logs(rollup, 'withdrawals', portalAndBridge, withdrawalTopics, { withTransactions: true }),
    logs(rollup, SYSTEM_CONFIG_SOURCE, [c.systemConfig], systemConfigTopics),
  ];
  if (c.l2OutputOracle) out.push(logs(rollup, 'output-oracle', [c.l2OutputOracle], outputOracleTopics, { withTransactions: true }));
  if (c.disputeGameFactory) {
    const factory = c.disputeGameFactory;
    out.push(logs(rollup, 'game-factory', [factory], gameFactoryTopics, { withTransactions: true }));
    const games: FactorySource = {
      kind: 'factory',
      id: 'games',
      chainId: rollup.l1ChainId,
      factory: lower(factory.address),
      factoryTopic: t.DisputeGameCreated,
      childAddress: (log) => {
        if (log.topics[0] !== t.DisputeGameCreated || log.topics.length !== 4) {
          throw new Error(`log ${log.logIndex} of block ${log.blockNumber} is not DisputeGameCreated(address indexed,uint32 indexed,bytes32 indexed)`);
        }
        return topicAddress(log.topics[1]);
      },
      topics: gameTopics,
      // Games outlive a retired factory: they are resolved after their creation.
      fromBlock: factory.fromBlock,
    };
    out.push(games);
  }
  const batches: TransactionSource = {
    kind: 'transactions',
    id: 'batches',
    chainId: rollup.l1ChainId,
    to: lower(rollup.batchInbox),
    senders: (blockNumber): Promise<Address[]> => batchers.at(rollup, blockNumber),
    fromBlock: Math.max(rollup.genesis.l1Block, rollup.startBlock),
    withBlobs: true,
    withReceipts: true,
  };
  out.push(batches);
  return out;
}
