/**
 * Arbitrum Nitro devnet driver: deploy the emulator set, then drive it. Every action records its
 * ground truth through ctx.recorder (see each module's header for the truth definitions).
 */
export { deployArbitrum, deployBold, upgradeToBold, ARBSYS_ADDRESS, type ArbitrumDeployment, type DeployArbitrumOptions, type AssertionRecord, type NodeRecord } from './deploy.ts';
export { defaultArbitrumParams, MessageKind, protocolKinds, type ArbitrumDevnetParams } from './params.ts';
export { produceL2Blocks, syncL2Blocks, alignL2Time, l2BlockOfMessage } from './l2.ts';
export { postBatch, readInboxState, type BatchKind, type PostBatchOptions, type InboxState } from './batches.ts';
export { depositEth, createRetryableTicket, sendL2Message, forceInclusion, setMaxTimeVariation } from './delayed.ts';
export { createAssertion, confirmAssertion, createNode, confirmNextNode, rejectNextNode, assertionHash, type CreateAssertionOptions, type CreateNodeOptions } from './assertions.ts';
export { withdrawOnL2, executeWithdrawal, readSends, sendTree, sendRootAt } from './withdrawals.ts';
export { runBoldChallenge, runLegacyChallenge, type BoldChallengeResult, type LegacyChallengeResult } from './challenges.ts';
