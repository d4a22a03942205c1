/** Compiled decoders of every OP Stack event and call the stack reads (built once at module load). */
import type { AbiFunction } from 'viem';
import { compileCallDecoder, compileEventDecoder } from '../../chain/decode/index.ts';
import {
  disputeGameFactoryEvents, disputeGameFactoryFunctions, eventOf, faultDisputeGameEvents, l1StandardBridgeEvents,
  l2OutputOracleEvents, messengerFunctions, portalEvents, portalFunctions, standardBridgeFunctions, systemConfigEvents,
} from './abi.ts';

const c = compileEventDecoder;

export const decoders = {
  // OptimismPortal / OptimismPortal2
  TransactionDeposited: c(eventOf(portalEvents, 'TransactionDeposited')),
  WithdrawalProven: c(eventOf(portalEvents, 'WithdrawalProven')),
  WithdrawalProvenExtension1: c(eventOf(portalEvents, 'WithdrawalProvenExtension1')),
  WithdrawalFinalized: c(eventOf(portalEvents, 'WithdrawalFinalized')),
  DisputeGameBlacklisted: c(eventOf(portalEvents, 'DisputeGameBlacklisted')),
  RespectedGameTypeSet: c(eventOf(portalEvents, 'RespectedGameTypeSet')),
  // L2OutputOracle
  OutputProposed: c(eventOf(l2OutputOracleEvents, 'OutputProposed')),
  OutputsDeleted: c(eventOf(l2OutputOracleEvents, 'OutputsDeleted')),
  // DisputeGameFactory
  DisputeGameCreated: c(eventOf(disputeGameFactoryEvents, 'DisputeGameCreated')),
  ImplementationSet: c(eventOf(disputeGameFactoryEvents, 'ImplementationSet')),
  InitBondUpdated: c(eventOf(disputeGameFactoryEvents, 'InitBondUpdated')),
  // FaultDisputeGame
  Move: c(eventOf(faultDisputeGameEvents, 'Move')),
  Resolved: c(eventOf(faultDisputeGameEvents, 'Resolved')),
  // L1StandardBridge
  ETHDepositInitiated: c(eventOf(l1StandardBridgeEvents, 'ETHDepositInitiated')),
  ERC20DepositInitiated: c(eventOf(l1StandardBridgeEvents, 'ERC20DepositInitiated')),
  ETHBridgeInitiated: c(eventOf(l1StandardBridgeEvents, 'ETHBridgeInitiated')),
  ERC20BridgeInitiated: c(eventOf(l1StandardBridgeEvents, 'ERC20BridgeInitiated')),
  ETHWithdrawalFinalized: c(eventOf(l1StandardBridgeEvents, 'ETHWithdrawalFinalized')),
  ERC20WithdrawalFinalized: c(eventOf(l1StandardBridgeEvents, 'ERC20WithdrawalFinalized')),
  ETHBridgeFinalized: c(eventOf(l1StandardBridgeEvents, 'ETHBridgeFinalized')),
  ERC20BridgeFinalized: c(eventOf(l1StandardBridgeEvents, 'ERC20BridgeFinalized')),
  // SystemConfig
  ConfigUpdate: c(eventOf(systemConfigEvents, 'ConfigUpdate')),
};

type Topics = { readonly [K in keyof typeof decoders]: `0x${string}` };

/** topic0 of each event, by name. */
export const topics = Object.fromEntries(Object.entries(decoders).map(([k, d]) => [k, d.topic0])) as Topics;

const fn = (abi: readonly { type: string; name?: string }[], name: string): AbiFunction => {
  const f = abi.find((x) => x.type === 'function' && x.name === name);
  if (!f) throw new Error(`no function ${name}`);
  return f as AbiFunction;
};

export const calls = {
  create: compileCallDecoder(fn(disputeGameFactoryFunctions, 'create')),
  proveWithdrawalTransaction: compileCallDecoder(fn(portalFunctions, 'proveWithdrawalTransaction')),
  finalizeWithdrawalTransaction: compileCallDecoder(fn(portalFunctions, 'finalizeWithdrawalTransaction')),
  finalizeWithdrawalTransactionExternalProof: compileCallDecoder(fn(portalFunctions, 'finalizeWithdrawalTransactionExternalProof')),
  relayMessage: compileCallDecoder(fn(messengerFunctions, 'relayMessage')),
  finalizeBridgeETH: compileCallDecoder(fn(standardBridgeFunctions, 'finalizeBridgeETH')),
  finalizeBridgeERC20: compileCallDecoder(fn(standardBridgeFunctions, 'finalizeBridgeERC20')),
  finalizeETHWithdrawal: compileCallDecoder(fn(standardBridgeFunctions, 'finalizeETHWithdrawal')),
  finalizeERC20Withdrawal: compileCallDecoder(fn(standardBridgeFunctions, 'finalizeERC20Withdrawal')),
};
