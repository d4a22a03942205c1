export * from './emulator.ts';
export { deployOpStack, batchInboxFor, defaultOpAccounts, DEFAULT_PARAMS, type DeployOpStackOptions } from './deploy.ts';
export type { OpState, OpParams, OpAccounts, OpAddresses, OpL2Block, OpGame, OpGameClaim, OpOutput, OpWithdrawal } from './state.ts';
export type { PostBatchArgs, PostedBatch } from './batcher.ts';
export type { ProduceL2BlocksArgs } from './l2.ts';
export type { CreateGameArgs, MoveArgs, ProposeOutputArgs } from './proposals.ts';
export type { DepositETHArgs, DepositResult, InitiateWithdrawalArgs, ProveWithdrawalArgs } from './bridge.ts';
export * from './protocol.ts';
