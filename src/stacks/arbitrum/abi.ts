/**
 * Arbitrum Nitro L1 ABIs: the events and functions rollscope reads, with the exact canonical
 * signatures of /work/shared/reference/events.md (nitro-contracts 3.2.0 for BoLD, 2.1.3 for the
 * legacy rollup). abi.test.ts checks every topic0 and selector against that table.
 */
import { parseAbi } from 'viem';

const structs = [
  'struct TimeBounds { uint64 minTimestamp; uint64 maxTimestamp; uint64 minBlockNumber; uint64 maxBlockNumber; }',
  'struct MaxTimeVariation { uint256 delayBlocks; uint256 futureBlocks; uint256 delaySeconds; uint256 futureSeconds; }',
  'struct BufferConfig { uint64 threshold; uint64 max; uint64 replenishRateInBasis; }',
  'struct GlobalState { bytes32[2] bytes32Vals; uint64[2] u64Vals; }',
  // legacy rollup
  'struct ExecutionState { GlobalState globalState; uint8 machineStatus; }',
  'struct Assertion { ExecutionState beforeState; ExecutionState afterState; uint64 numBlocks; }',
  // BoLD rollup
  'struct ConfigData { bytes32 wasmModuleRoot; uint256 requiredStake; address challengeManager; uint64 confirmPeriodBlocks; uint64 nextInboxPosition; }',
  'struct BeforeStateData { bytes32 prevPrevAssertionHash; bytes32 sequencerBatchAcc; ConfigData configData; }',
  'struct AssertionState { GlobalState globalState; uint8 machineStatus; bytes32 endHistoryRoot; }',
  'struct AssertionInputs { BeforeStateData beforeStateData; AssertionState beforeState; AssertionState afterState; }',
  // SequencerInbox delay buffer
  'struct Message { uint8 kind; address sender; uint64 blockNumber; uint64 timestamp; uint256 inboxSeqNum; uint256 baseFeeL1; bytes32 messageDataHash; }',
  'struct DelayProof { bytes32 beforeDelayedAcc; Message delayedMessage; }',
] as const;

export const sequencerInboxEvents = parseAbi([
  ...structs,
  'event SequencerBatchDelivered(uint256 indexed batchSequenceNumber, bytes32 indexed beforeAcc, bytes32 indexed afterAcc, bytes32 delayedAcc, uint256 afterDelayedMessagesRead, TimeBounds timeBounds, uint8 dataLocation)',
  'event SequencerBatchData(uint256 indexed batchSequenceNumber, bytes data)',
  'event InboxMessageDelivered(uint256 indexed messageNum, bytes data)',
  'event InboxMessageDeliveredFromOrigin(uint256 indexed messageNum)',
  'event MaxTimeVariationSet(MaxTimeVariation maxTimeVariation)',
  'event BufferConfigSet(BufferConfig bufferConfig)',
  'event BatchPosterSet(address batchPoster, bool isBatchPoster)',
  'event BatchPosterManagerSet(address newBatchPosterManager)',
  'event SequencerSet(address addr, bool isSequencer)',
  'event SetValidKeyset(bytes32 indexed keysetHash, bytes keysetBytes)',
  'event InvalidateKeyset(bytes32 indexed keysetHash)',
  'event OwnerFunctionCalled(uint256 indexed id)',
]);

export const bridgeEvents = parseAbi([
  'event MessageDelivered(uint256 indexed messageIndex, bytes32 indexed beforeInboxAcc, address inbox, uint8 kind, address sender, bytes32 messageDataHash, uint256 baseFeeL1, uint64 timestamp)',
  'event BridgeCallTriggered(address indexed outbox, address indexed to, uint256 value, bytes data)',
  'event InboxToggle(address indexed inbox, bool enabled)',
  'event OutboxToggle(address indexed outbox, bool enabled)',
  'event RollupUpdated(address rollup)',
  'event SequencerInboxUpdated(address newSequencerInbox)',
]);

/** The delayed Inbox emits the same InboxMessageDelivered events as the SequencerInbox. */
export const inboxEvents = parseAbi([
  'event InboxMessageDelivered(uint256 indexed messageNum, bytes data)',
  'event InboxMessageDeliveredFromOrigin(uint256 indexed messageNum)',
]);

export const outboxEvents = parseAbi([
  'event OutBoxTransactionExecuted(address indexed to, address indexed l2Sender, uint256 indexed zero, uint256 transactionIndex)',
  'event SendRootUpdated(bytes32 indexed outputRoot, bytes32 indexed l2BlockHash)',
]);

export const legacyRollupEvents = parseAbi([
  ...structs,
  'event NodeCreated(uint64 indexed nodeNum, bytes32 indexed parentNodeHash, bytes32 indexed nodeHash, bytes32 executionHash, Assertion assertion, bytes32 afterInboxBatchAcc, bytes32 wasmModuleRoot, uint256 inboxMaxCount)',
  'event NodeConfirmed(uint64 indexed nodeNum, bytes32 blockHash, bytes32 sendRoot)',
  'event NodeRejected(uint64 indexed nodeNum)',
  'event RollupChallengeStarted(uint64 indexed challengeIndex, address asserter, address challenger, uint64 challengedNode)',
  'event RollupInitialized(bytes32 machineHash, uint256 chainId)',
  'event UserStakeUpdated(address indexed user, uint256 initialBalance, uint256 finalBalance)',
  'event UserWithdrawableFundsUpdated(address indexed user, uint256 initialBalance, uint256 finalBalance)',
]);

export const legacyChallengeManagerEvents = parseAbi([
  ...structs,
  'event InitiatedChallenge(uint64 indexed challengeIndex, GlobalState startState, GlobalState endState)',
  'event Bisected(uint64 indexed challengeIndex, bytes32 indexed challengeRoot, uint256 challengedSegmentStart, uint256 challengedSegmentLength, bytes32[] chainHashes)',
  'event ExecutionChallengeBegun(uint64 indexed challengeIndex, uint256 blockSteps)',
  'event OneStepProofCompleted(uint64 indexed challengeIndex)',
  'event ChallengeEnded(uint64 indexed challengeIndex, uint8 kind)',
]);

export const boldRollupEvents = parseAbi([
  ...structs,
  'event AssertionCreated(bytes32 indexed assertionHash, bytes32 indexed parentAssertionHash, AssertionInputs assertion, bytes32 afterInboxBatchAcc, uint256 inboxMaxCount, bytes32 wasmModuleRoot, uint256 requiredStake, address challengeManager, uint64 confirmPeriodBlocks)',
  'event AssertionConfirmed(bytes32 indexed assertionHash, bytes32 blockHash, bytes32 sendRoot)',
  'event AssertionForceCreated(bytes32 indexed assertionHash)',
  'event AssertionForceConfirmed(bytes32 indexed assertionHash)',
  'event ChallengeManagerSet(address challengeManager)',
  'event RollupChallengeStarted(uint64 indexed challengeIndex, address asserter, address challenger, uint64 challengedAssertion)',
  'event RollupInitialized(bytes32 machineHash, uint256 chainId)',
  'event UserStakeUpdated(address indexed user, address indexed withdrawalAddress, uint256 initialBalance, uint256 finalBalance)',
  'event UserWithdrawableFundsUpdated(address indexed user, uint256 initialBalance, uint256 finalBalance)',
  'event WasmModuleRootSet(bytes32 newWasmModuleRoot)',
]);

export const edgeChallengeManagerEvents = parseAbi([
  'event EdgeAdded(bytes32 indexed edgeId, bytes32 indexed mutualId, bytes32 indexed originId, bytes32 claimId, uint256 length, uint8 level, bool hasRival, bool isLayerZero)',
  'event EdgeBisected(bytes32 indexed edgeId, bytes32 indexed lowerChildId, bytes32 indexed upperChildId, bool lowerChildAlreadyExists)',
  'event EdgeConfirmedByOneStepProof(bytes32 indexed edgeId, bytes32 indexed mutualId)',
  'event EdgeConfirmedByTime(bytes32 indexed edgeId, bytes32 indexed mutualId, uint256 totalTimeUnrivaled)',
  'event EdgeRefunded(bytes32 indexed edgeId, bytes32 indexed mutualId, address stakeToken, uint256 stakeAmount)',
  'event TimerCacheUpdated(bytes32 indexed edgeId, uint256 newValue)',
]);

/** Events seen in real mainnet receipts around the core contracts (events.md "Extra events"). */
export const extraEvents = parseAbi([
  'event RefundedGasCosts(address indexed refundee, address indexed contractAddress, bool indexed success, uint256 gas, uint256 gasPrice, uint256 amountPaid)',
  'event TransferRouted(address indexed token, address indexed _userFrom, address indexed _userTo, address gateway)',
  'event DepositInitiated(address l1Token, address indexed _from, address indexed _to, uint256 indexed _sequenceNumber, uint256 _amount)',
  'event TxToL2(address indexed _from, address indexed _to, uint256 indexed _seqNum, bytes _data)',
  'event WithdrawalFinalized(address l1Token, address indexed _from, address indexed _to, uint256 indexed _exitNum, uint256 _amount)',
  'event MessageDelivered(uint256 indexed messageIndex, bytes32 indexed beforeInboxAcc, address inbox, uint8 kind, address sender, bytes32 messageDataHash)',
  'event L2ToL1Tx(address caller, address indexed destination, uint256 indexed hash, uint256 indexed position, uint256 arbBlockNum, uint256 ethBlockNum, uint256 timestamp, uint256 callvalue, bytes data)',
]);

/** Batch-posting entry points of the SequencerInbox (all variants seen on mainnet) and forceInclusion. */
export const sequencerInboxFunctions = parseAbi([
  ...structs,
  'function addSequencerL2BatchFromOrigin(uint256 sequenceNumber, bytes data, uint256 afterDelayedMessagesRead, address gasRefunder, uint256 prevMessageCount, uint256 newMessageCount)',
  'function addSequencerL2BatchFromOrigin(uint256 sequenceNumber, bytes data, uint256 afterDelayedMessagesRead, address gasRefunder)',
  'function addSequencerL2BatchFromBlobs(uint256 sequenceNumber, uint256 afterDelayedMessagesRead, address gasRefunder, uint256 prevMessageCount, uint256 newMessageCount)',
  'function addSequencerL2Batch(uint256 sequenceNumber, bytes data, uint256 afterDelayedMessagesRead, address gasRefunder, uint256 prevMessageCount, uint256 newMessageCount)',
  'function addSequencerL2BatchFromOriginDelayProof(uint256 sequenceNumber, bytes data, uint256 afterDelayedMessagesRead, address gasRefunder, uint256 prevMessageCount, uint256 newMessageCount, DelayProof delayProof)',
  'function addSequencerL2BatchFromBlobsDelayProof(uint256 sequenceNumber, uint256 afterDelayedMessagesRead, address gasRefunder, uint256 prevMessageCount, uint256 newMessageCount, DelayProof delayProof)',
  'function addSequencerL2BatchDelayProof(uint256 sequenceNumber, bytes data, uint256 afterDelayedMessagesRead, address gasRefunder, uint256 prevMessageCount, uint256 newMessageCount, DelayProof delayProof)',
  'function forceInclusion(uint256 _totalDelayedMessagesRead, uint8 kind, uint64[2] l1BlockAndTime, uint256 baseFeeL1, address sender, bytes32 messageDataHash)',
]);

/** Views read by the decoders through DecodeContext.readContract. */
export const sequencerInboxViews = parseAbi([
  'function maxTimeVariation() view returns (uint256 delayBlocks, uint256 futureBlocks, uint256 delaySeconds, uint256 futureSeconds)',
  'function batchCount() view returns (uint256)',
  'function totalDelayedMessagesRead() view returns (uint256)',
  'function isBatchPoster(address) view returns (bool)',
]);

export const rollupViews = parseAbi([
  'function confirmPeriodBlocks() view returns (uint64)',
]);

export const legacyRollupFunctions = parseAbi([
  ...structs,
  'function stakeOnNewNode(Assertion assertion, bytes32 expectedNodeHash, uint256 prevNodeInboxMaxCount)',
  'function newStakeOnNewNode(Assertion assertion, bytes32 expectedNodeHash, uint256 prevNodeInboxMaxCount)',
  'function confirmNextNode(bytes32 blockHash, bytes32 sendRoot)',
  'function rejectNextNode(address stakerAddress)',
]);

export const boldRollupFunctions = parseAbi([
  ...structs,
  'function stakeOnNewAssertion(AssertionInputs assertion, bytes32 expectedAssertionHash)',
  'function newStakeOnNewAssertion(uint256 tokenAmount, AssertionInputs assertion, bytes32 expectedAssertionHash)',
  'function newStakeOnNewAssertion(uint256 tokenAmount, AssertionInputs assertion, bytes32 expectedAssertionHash, address withdrawalAddress)',
  'function confirmAssertion(bytes32 assertionHash, bytes32 prevAssertionHash, AssertionState confirmState, bytes32 winningEdgeId, ConfigData prevConfig, bytes32 prevInboxAcc)',
]);

export const outboxFunctions = parseAbi([
  'function executeTransaction(bytes32[] proof, uint256 index, address l2Sender, address to, uint256 l2Block, uint256 l1Block, uint256 l2Timestamp, uint256 value, bytes data)',
]);

export const inboxFunctions = parseAbi([
  'function depositEth() payable returns (uint256)',
  'function createRetryableTicket(address to, uint256 l2CallValue, uint256 maxSubmissionCost, address excessFeeRefundAddress, address callValueRefundAddress, uint256 gasLimit, uint256 maxFeePerGas, bytes data) payable returns (uint256)',
  'function unsafeCreateRetryableTicket(address to, uint256 l2CallValue, uint256 maxSubmissionCost, address excessFeeRefundAddress, address callValueRefundAddress, uint256 gasLimit, uint256 maxFeePerGas, bytes data) payable returns (uint256)',
  'function sendL2Message(bytes messageData) returns (uint256)',
]);

/** Every L1 event of the stack (core contracts), for the decoder registry and the topic0 checks. */
export const arbitrumEvents = [
  ...sequencerInboxEvents, ...bridgeEvents, ...outboxEvents, ...legacyRollupEvents,
  ...legacyChallengeManagerEvents, ...boldRollupEvents, ...edgeChallengeManagerEvents,
] as const;

/** The event `name` of an ABI, with its literal type (for typed compiled decoders). */
export function eventOf<const abi extends readonly { type: string; name?: string }[], N extends string>(
  abi: abi,
  name: N,
): Extract<abi[number], { type: 'event'; name: N }> {
  const found = abi.find((item) => item.type === 'event' && item.name === name);
  if (!found) throw new Error(`No event ${name} in ABI`);
  return found as Extract<abi[number], { type: 'event'; name: N }>;
}
