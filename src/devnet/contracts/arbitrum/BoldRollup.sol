// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./ArbTypes.sol";
import "./Bridge.sol";
import "./Outbox.sol";

interface IEdgeChallengeManagerView {
    function confirmedClaim(bytes32 edgeId) external view returns (bytes32 claimId);
}

/// Emulator of the BoLD nitro-contracts Rollup (RollupUserLogic/RollupCore 3.x): the genesis
/// assertion at construction, stakeOnNewAssertion 0x3b86de19, newStakeOnNewAssertion 0x7300201c /
/// 0x50f32f68, confirmAssertion 0x10b98a35, AssertionCreated/AssertionConfirmed with the real
/// AssertionInputs layout and the real assertion hash
/// keccak256(abi.encodePacked(parentHash, keccak256(abi.encode(afterState)), afterInboxBatchAcc)).
/// Simplified: stakes are bookkeeping only (no stake token transfer); a rivalled assertion is
/// confirmed only with a winning edge confirmed in the EdgeChallengeManager.
contract BoldRollup {
    event RollupInitialized(bytes32 machineHash, uint256 chainId);
    event AssertionCreated(
        bytes32 indexed assertionHash,
        bytes32 indexed parentAssertionHash,
        AssertionInputs assertion,
        bytes32 afterInboxBatchAcc,
        uint256 inboxMaxCount,
        bytes32 wasmModuleRoot,
        uint256 requiredStake,
        address challengeManager,
        uint64 confirmPeriodBlocks
    );
    event AssertionConfirmed(bytes32 indexed assertionHash, bytes32 blockHash, bytes32 sendRoot);
    event UserStakeUpdated(address indexed user, address indexed withdrawalAddress, uint256 initialBalance, uint256 finalBalance);
    event ChallengeManagerSet(address challengeManager);

    error NotStaked(address staker);
    error AlreadyStaked(address staker);
    error ParentAssertionUnknown(bytes32 parent);
    error AssertionAlreadyExists(bytes32 assertionHash);
    error UnexpectedAssertionHash(bytes32 expected, bytes32 actual);
    error InboxTooFar(uint256 afterBatch, uint256 batchCount);
    error BeforeDeadline(uint256 blockNumber, uint256 deadline);
    error NotPending(bytes32 assertionHash);
    error PrevNotLatestConfirmed(bytes32 prev, bytes32 latestConfirmed);
    error WinningEdgeRequired(bytes32 assertionHash, bytes32 winningEdgeId);
    error ConfirmStateMismatch(bytes32 assertionHash);

    struct AssertionData {
        AssertionNode node;
        bytes32 parent;
        bytes32 blockHash;
        bytes32 sendRoot;
        bytes32 afterStateHash;
    }

    Bridge public bridge;
    Outbox public outbox;
    address public challengeManager;
    address public owner;
    uint64 public confirmPeriodBlocks;
    bytes32 public wasmModuleRoot;
    uint256 public baseStake;
    bytes32 public genesisAssertionHash;
    bytes32 public latestConfirmed;

    mapping(bytes32 => AssertionData) internal assertions;
    mapping(address => uint256) public amountStaked;
    mapping(address => bytes32) public latestStakedAssertion;

    constructor(Bridge bridge_, Outbox outbox_, address challengeManager_, uint64 confirmPeriodBlocks_, bytes32 wasmModuleRoot_, uint256 baseStake_, uint256 chainId) {
        bridge = bridge_;
        outbox = outbox_;
        challengeManager = challengeManager_;
        owner = msg.sender;
        confirmPeriodBlocks = confirmPeriodBlocks_;
        wasmModuleRoot = wasmModuleRoot_;
        baseStake = baseStake_;

        AssertionState memory emptyState;
        emptyState.machineStatus = 1; // FINISHED
        bytes32 genesisHash = keccak256(abi.encodePacked(bytes32(0), keccak256(abi.encode(emptyState)), bytes32(0)));
        uint256 inboxMaxCount = bridge_.sequencerMessageCount();
        if (inboxMaxCount == 0) inboxMaxCount = 1;
        AssertionData storage g = assertions[genesisHash];
        g.node = AssertionNode(0, 0, uint64(block.number), true, 2, bytes32(0));
        g.afterStateHash = keccak256(abi.encode(emptyState));
        genesisAssertionHash = genesisHash;
        latestConfirmed = genesisHash;
        emit RollupInitialized(wasmModuleRoot_, chainId);
        AssertionInputs memory inputs;
        inputs.afterState = emptyState;
        emit AssertionCreated(genesisHash, bytes32(0), inputs, bytes32(0), inboxMaxCount, wasmModuleRoot_, baseStake_, challengeManager_, confirmPeriodBlocks_);
    }

    // ------------------------------------------------------------------ views

    function getAssertion(bytes32 assertionHash) external view returns (AssertionNode memory) {
        return assertions[assertionHash].node;
    }

    function getAssertionParent(bytes32 assertionHash) external view returns (bytes32) {
        return assertions[assertionHash].parent;
    }

    function assertionHashOf(bytes32 parentAssertionHash, AssertionState calldata afterState, bytes32 inboxAcc) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(parentAssertionHash, keccak256(abi.encode(afterState)), inboxAcc));
    }

    function isFirstChild(bytes32 assertionHash) external view returns (bool) {
        return assertions[assertionHash].node.isFirstChild;
    }

    // ------------------------------------------------------------------ staking + assertions

    function newStakeOnNewAssertion(uint256 tokenAmount, AssertionInputs calldata assertion, bytes32 expectedAssertionHash, address withdrawalAddress)
        public
    {
        if (amountStaked[msg.sender] != 0) revert AlreadyStaked(msg.sender);
        amountStaked[msg.sender] = tokenAmount;
        emit UserStakeUpdated(msg.sender, withdrawalAddress, 0, tokenAmount);
        createAssertion(assertion, expectedAssertionHash);
    }

    function newStakeOnNewAssertion(uint256 tokenAmount, AssertionInputs calldata assertion, bytes32 expectedAssertionHash) external {
        newStakeOnNewAssertion(tokenAmount, assertion, expectedAssertionHash, msg.sender);
    }

    function stakeOnNewAssertion(AssertionInputs calldata assertion, bytes32 expectedAssertionHash) external {
        if (amountStaked[msg.sender] == 0) revert NotStaked(msg.sender);
        createAssertion(assertion, expectedAssertionHash);
    }

    function createAssertion(AssertionInputs calldata assertion, bytes32 expectedAssertionHash) internal {
        bytes32 prevAssertion =
            assertionHashOf(assertion.beforeStateData.prevPrevAssertionHash, assertion.beforeState, assertion.beforeStateData.sequencerBatchAcc);
        AssertionData storage parent = assertions[prevAssertion];
        if (parent.node.status == 0) revert ParentAssertionUnknown(prevAssertion);

        uint256 afterBatch = assertion.afterState.globalState.u64Vals[0];
        uint256 inboxMaxCount = bridge.sequencerMessageCount();
        if (afterBatch > inboxMaxCount) revert InboxTooFar(afterBatch, inboxMaxCount);
        bytes32 afterInboxBatchAcc = afterBatch > 0 ? bridge.sequencerInboxAccs(afterBatch - 1) : bytes32(0);
        bytes32 newHash = assertionHashOf(prevAssertion, assertion.afterState, afterInboxBatchAcc);
        if (expectedAssertionHash != bytes32(0) && expectedAssertionHash != newHash) revert UnexpectedAssertionHash(expectedAssertionHash, newHash);
        if (assertions[newHash].node.status != 0) revert AssertionAlreadyExists(newHash);

        bool first = parent.node.firstChildBlock == 0;
        if (first) parent.node.firstChildBlock = uint64(block.number);
        else if (parent.node.secondChildBlock == 0) parent.node.secondChildBlock = uint64(block.number);

        AssertionData storage a = assertions[newHash];
        a.node = AssertionNode(0, 0, uint64(block.number), first, 1, keccak256(abi.encode(wasmModuleRoot, baseStake, challengeManager, confirmPeriodBlocks, inboxMaxCount)));
        a.parent = prevAssertion;
        a.blockHash = assertion.afterState.globalState.bytes32Vals[0];
        a.sendRoot = assertion.afterState.globalState.bytes32Vals[1];
        a.afterStateHash = keccak256(abi.encode(assertion.afterState));
        latestStakedAssertion[msg.sender] = newHash;

        emit AssertionCreated(
            newHash, prevAssertion, assertion, afterInboxBatchAcc, inboxMaxCount, wasmModuleRoot, baseStake, challengeManager, confirmPeriodBlocks
        );
    }

    function confirmAssertion(
        bytes32 assertionHash,
        bytes32 prevAssertionHash,
        AssertionState calldata confirmState,
        bytes32 winningEdgeId,
        ConfigData calldata, /* prevConfig */
        bytes32 /* prevInboxAcc */
    ) external {
        AssertionData storage a = assertions[assertionHash];
        if (a.node.status != 1) revert NotPending(assertionHash);
        if (prevAssertionHash != latestConfirmed || a.parent != prevAssertionHash) revert PrevNotLatestConfirmed(prevAssertionHash, latestConfirmed);
        uint256 deadline = uint256(a.node.createdAtBlock) + confirmPeriodBlocks;
        if (block.number < deadline) revert BeforeDeadline(block.number, deadline);
        if (keccak256(abi.encode(confirmState)) != a.afterStateHash) revert ConfirmStateMismatch(assertionHash);
        AssertionData storage parent = assertions[prevAssertionHash];
        if (parent.node.secondChildBlock != 0) {
            if (winningEdgeId == bytes32(0) || IEdgeChallengeManagerView(challengeManager).confirmedClaim(winningEdgeId) != assertionHash) {
                revert WinningEdgeRequired(assertionHash, winningEdgeId);
            }
        }
        outbox.updateSendRoot(a.sendRoot, a.blockHash);
        latestConfirmed = assertionHash;
        a.node.status = 2;
        emit AssertionConfirmed(assertionHash, a.blockHash, a.sendRoot);
    }
}
