// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./ArbTypes.sol";
import "./Bridge.sol";
import "./Outbox.sol";
import "./ChallengeManager.sol";

/// Emulator of the pre-BoLD nitro-contracts Rollup (RollupUserLogic/RollupCore 2.1.3): nodes with
/// NodeCreated/NodeConfirmed/NodeRejected and the real struct layouts, stakeOnNewNode 0x54ce8961,
/// newStakeOnNewNode 0x4774e576, confirmNextNode 0x5eb405d5, rejectNextNode 0x6b94c33b,
/// createChallenge (-> ChallengeManager, RollupChallengeStarted), confirmPeriodBlocks().
/// Simplified: a node's parent is its staker's latest staked node; expectedNodeHash is checked
/// only when non-zero; stakes are plain ETH balances; no zombies.
contract LegacyRollup {
    event RollupInitialized(bytes32 machineHash, uint256 chainId);
    event NodeCreated(
        uint64 indexed nodeNum,
        bytes32 indexed parentNodeHash,
        bytes32 indexed nodeHash,
        bytes32 executionHash,
        Assertion assertion,
        bytes32 afterInboxBatchAcc,
        bytes32 wasmModuleRoot,
        uint256 inboxMaxCount
    );
    event NodeConfirmed(uint64 indexed nodeNum, bytes32 blockHash, bytes32 sendRoot);
    event NodeRejected(uint64 indexed nodeNum);
    event RollupChallengeStarted(uint64 indexed challengeIndex, address asserter, address challenger, uint64 challengedNode);
    event UserStakeUpdated(address indexed user, uint256 initialBalance, uint256 finalBalance);
    event UserWithdrawableFundsUpdated(address indexed user, uint256 initialBalance, uint256 finalBalance);

    error NotStaked(address staker);
    error AlreadyStaked(address staker);
    error InsufficientStake(uint256 required, uint256 actual);
    error UnexpectedNodeHash(bytes32 expected, bytes32 actual);
    error InboxTooFar(uint256 afterBatch, uint256 batchCount);
    error BeforeDeadline(uint256 blockNumber, uint256 deadline);
    error NotConfirmable(uint64 nodeNum);
    error NotRejectable(uint64 nodeNum);
    error ConfirmDataMismatch();
    error NotChallengeManager(address sender);
    error NoSuchNode(uint64 nodeNum);

    struct Node {
        bytes32 nodeHash;
        bytes32 blockHash;
        bytes32 sendRoot;
        uint64 parent;
        uint64 createdAtBlock;
        uint64 deadlineBlock;
        uint8 status; // 0 none, 1 pending, 2 confirmed, 3 rejected
        bool hasChild;
        bytes32 latestChildHash;
        address creator;
        bool lostChallenge;
    }

    Bridge public bridge;
    Outbox public outbox;
    ChallengeManager public challengeManager;
    address public owner;
    uint64 public confirmPeriodBlocks;
    bytes32 public wasmModuleRoot;
    uint256 public baseStake;

    mapping(uint64 => Node) internal nodes;
    uint64 public latestNodeCreated;
    uint64 public latestConfirmed;
    uint64 public firstUnresolvedNode;
    mapping(address => uint256) public amountStaked;
    mapping(address => uint64) public latestStakedNode;
    mapping(address => bool) public isStaked;
    mapping(address => uint256) public withdrawableFunds;
    mapping(uint64 => uint64) public challengedNodeOf; // challengeIndex => node challenged (lower node)
    mapping(uint64 => uint64[2]) internal challengeNodes;

    constructor(Bridge bridge_, Outbox outbox_, ChallengeManager cm, uint64 confirmPeriodBlocks_, bytes32 wasmModuleRoot_, uint256 baseStake_, uint256 chainId) {
        bridge = bridge_;
        outbox = outbox_;
        challengeManager = cm;
        owner = msg.sender;
        confirmPeriodBlocks = confirmPeriodBlocks_;
        wasmModuleRoot = wasmModuleRoot_;
        baseStake = baseStake_;
        bytes32 genesisHash = keccak256(abi.encodePacked("genesis", chainId));
        nodes[0] = Node(genesisHash, bytes32(0), bytes32(0), 0, uint64(block.number), uint64(block.number), 2, false, bytes32(0), msg.sender, false);
        firstUnresolvedNode = 1;
        emit RollupInitialized(wasmModuleRoot_, chainId);
    }

    function getNode(uint64 nodeNum) external view returns (Node memory) {
        return nodes[nodeNum];
    }

    function stakerNode(address staker) external view returns (uint64) {
        return latestStakedNode[staker];
    }

    function newStakeOnNewNode(Assertion calldata assertion, bytes32 expectedNodeHash, uint256 prevNodeInboxMaxCount) external payable {
        if (isStaked[msg.sender]) revert AlreadyStaked(msg.sender);
        if (msg.value < baseStake) revert InsufficientStake(baseStake, msg.value);
        isStaked[msg.sender] = true;
        amountStaked[msg.sender] = msg.value;
        latestStakedNode[msg.sender] = latestConfirmed;
        emit UserStakeUpdated(msg.sender, 0, msg.value);
        createNode(assertion, expectedNodeHash, prevNodeInboxMaxCount);
    }

    function stakeOnNewNode(Assertion calldata assertion, bytes32 expectedNodeHash, uint256 prevNodeInboxMaxCount) external {
        if (!isStaked[msg.sender]) revert NotStaked(msg.sender);
        createNode(assertion, expectedNodeHash, prevNodeInboxMaxCount);
    }

    function stateHash(ExecutionState calldata s) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked("Block state:", s.globalState.bytes32Vals, s.globalState.u64Vals, s.machineStatus));
    }

    function createNode(Assertion calldata assertion, bytes32 expectedNodeHash, uint256 /* prevNodeInboxMaxCount */) internal {
        uint64 parentNum = latestStakedNode[msg.sender];
        Node storage parent = nodes[parentNum];
        uint256 afterBatch = assertion.afterState.globalState.u64Vals[0];
        uint256 inboxMaxCount = bridge.sequencerMessageCount();
        if (afterBatch > inboxMaxCount) revert InboxTooFar(afterBatch, inboxMaxCount);
        bytes32 afterInboxBatchAcc = afterBatch > 0 ? bridge.sequencerInboxAccs(afterBatch - 1) : bytes32(0);
        bytes32 executionHash = keccak256(abi.encodePacked(assertion.numBlocks, stateHash(assertion.beforeState), stateHash(assertion.afterState)));
        bool hasSibling = parent.hasChild;
        bytes32 lastHash = hasSibling ? parent.latestChildHash : parent.nodeHash;
        bytes32 nodeHash = keccak256(abi.encodePacked(hasSibling, lastHash, executionHash, afterInboxBatchAcc, wasmModuleRoot));
        if (expectedNodeHash != bytes32(0) && expectedNodeHash != nodeHash) revert UnexpectedNodeHash(expectedNodeHash, nodeHash);
        parent.hasChild = true;
        parent.latestChildHash = nodeHash;

        uint64 nodeNum = ++latestNodeCreated;
        nodes[nodeNum] = Node(
            nodeHash,
            assertion.afterState.globalState.bytes32Vals[0],
            assertion.afterState.globalState.bytes32Vals[1],
            parentNum,
            uint64(block.number),
            uint64(block.number) + confirmPeriodBlocks,
            1,
            false,
            bytes32(0),
            msg.sender,
            false
        );
        latestStakedNode[msg.sender] = nodeNum;
        emit NodeCreated(nodeNum, parent.nodeHash, nodeHash, executionHash, assertion, afterInboxBatchAcc, wasmModuleRoot, inboxMaxCount);
    }

    function confirmNextNode(bytes32 blockHash, bytes32 sendRoot) external {
        uint64 nodeNum = firstUnresolvedNode;
        Node storage node = nodes[nodeNum];
        if (node.status != 1) revert NoSuchNode(nodeNum);
        if (block.number < node.deadlineBlock) revert BeforeDeadline(block.number, node.deadlineBlock);
        if (node.parent != latestConfirmed || node.lostChallenge) revert NotConfirmable(nodeNum);
        if (node.blockHash != blockHash || node.sendRoot != sendRoot) revert ConfirmDataMismatch();
        outbox.updateSendRoot(sendRoot, blockHash);
        latestConfirmed = nodeNum;
        firstUnresolvedNode = nodeNum + 1;
        node.status = 2;
        emit NodeConfirmed(nodeNum, blockHash, sendRoot);
    }

    function rejectNextNode(address /* stakerAddress */) external {
        uint64 nodeNum = firstUnresolvedNode;
        Node storage node = nodes[nodeNum];
        if (node.status != 1) revert NoSuchNode(nodeNum);
        if (node.parent == latestConfirmed && !node.lostChallenge) revert NotRejectable(nodeNum);
        firstUnresolvedNode = nodeNum + 1;
        node.status = 3;
        emit NodeRejected(nodeNum);
    }

    function createChallenge(
        address[2] calldata stakers,
        uint64[2] calldata nodeNums,
        uint8[2] calldata machineStatuses,
        GlobalState[2] calldata globalStates,
        uint64 numBlocks,
        bytes32, /* secondExecutionHash */
        uint256[2] calldata, /* proposedBlocks */
        bytes32[2] calldata wasmModuleRoots
    ) external {
        if (!isStaked[stakers[0]]) revert NotStaked(stakers[0]);
        if (!isStaked[stakers[1]]) revert NotStaked(stakers[1]);
        uint64 challengeIndex = challengeManager.createChallenge(
            wasmModuleRoots[0], machineStatuses, globalStates, numBlocks, stakers[0], stakers[1], confirmPeriodBlocks, confirmPeriodBlocks
        );
        challengeNodes[challengeIndex] = nodeNums;
        challengedNodeOf[challengeIndex] = nodeNums[0];
        emit RollupChallengeStarted(challengeIndex, stakers[0], stakers[1], nodeNums[0]);
    }

    /// Called by the ChallengeManager when a challenge ends: the loser's node loses, the winner
    /// earns half the loser's stake.
    function completeChallenge(uint256 challengeIndex, address winningStaker, address losingStaker) external {
        if (msg.sender != address(challengeManager)) revert NotChallengeManager(msg.sender);
        uint64[2] memory ns = challengeNodes[uint64(challengeIndex)];
        uint64 losingNode = nodes[ns[0]].creator == losingStaker ? ns[0] : ns[1];
        nodes[losingNode].lostChallenge = true;
        uint256 lost = amountStaked[losingStaker];
        amountStaked[losingStaker] = 0;
        isStaked[losingStaker] = false;
        emit UserStakeUpdated(losingStaker, lost, 0);
        uint256 before = withdrawableFunds[winningStaker];
        withdrawableFunds[winningStaker] = before + lost / 2;
        emit UserWithdrawableFundsUpdated(winningStaker, before, before + lost / 2);
    }
}
