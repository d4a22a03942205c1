// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./ArbTypes.sol";

interface IChallengeResultReceiver {
    function completeChallenge(uint256 challengeIndex, address winner, address loser) external;
}

/// Emulator of the pre-BoLD nitro-contracts challenge/ChallengeManager.sol: InitiatedChallenge +
/// Bisected at creation, bisectExecution / challengeExecution (ExecutionChallengeBegun) /
/// oneStepProveExecution (OneStepProofCompleted) with strict turn-taking (the challenger moves
/// first), and timeout -> ChallengeEnded(TIMEOUT): like mainnet, a one-step proof only ends the
/// prover's turn; the loser then times out and the last mover wins. Time is counted in blocks.
/// Segment contents are not verified.
contract ChallengeManager {
    event InitiatedChallenge(uint64 indexed challengeIndex, GlobalState startState, GlobalState endState);
    event Bisected(
        uint64 indexed challengeIndex, bytes32 indexed challengeRoot, uint256 challengedSegmentStart, uint256 challengedSegmentLength, bytes32[] chainHashes
    );
    event ExecutionChallengeBegun(uint64 indexed challengeIndex, uint256 blockSteps);
    event OneStepProofCompleted(uint64 indexed challengeIndex);
    event ChallengeEnded(uint64 indexed challengeIndex, uint8 kind);

    struct SegmentSelection {
        uint256 oldSegmentsStart;
        uint256 oldSegmentsLength;
        bytes32[] oldSegments;
        uint256 challengePosition;
    }

    struct Participant {
        address addr;
        uint256 timeLeft;
    }

    struct Challenge {
        Participant current; // whose turn it is
        Participant next;
        uint256 lastMoveBlock;
        bytes32 challengeStateHash;
        uint8 mode; // 0 none, 1 block, 2 execution
    }

    error NotResultReceiver(address sender);
    error NotYourTurn(address sender, address expected);
    error NoChallenge(uint64 challengeIndex);
    error NotTimedOut(uint64 challengeIndex);
    error WrongMode(uint8 mode);

    uint8 internal constant TIMEOUT = 0;

    address public resultReceiver;
    address public owner;
    uint64 public totalChallengesCreated;
    mapping(uint256 => Challenge) public challenges;

    constructor() {
        owner = msg.sender;
    }

    function setResultReceiver(address r) external {
        require(msg.sender == owner, "owner");
        resultReceiver = r;
    }

    function hashChallengeState(uint256 start, uint256 length, bytes32[] memory segments) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(start, length, segments));
    }

    function blockStateHash(uint8 status, GlobalState calldata g) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked("Block state:", g.bytes32Vals, g.u64Vals, status));
    }

    function createChallenge(
        bytes32, /* wasmModuleRoot */
        uint8[2] calldata startAndEndMachineStatuses,
        GlobalState[2] calldata startAndEndGlobalStates,
        uint64 numBlocks,
        address asserter,
        address challenger,
        uint256 asserterTimeLeft,
        uint256 challengerTimeLeft
    ) external returns (uint64 challengeIndex) {
        if (msg.sender != resultReceiver) revert NotResultReceiver(msg.sender);
        challengeIndex = ++totalChallengesCreated;
        bytes32[] memory segments = new bytes32[](2);
        segments[0] = blockStateHash(startAndEndMachineStatuses[0], startAndEndGlobalStates[0]);
        segments[1] = blockStateHash(startAndEndMachineStatuses[1], startAndEndGlobalStates[1]);
        Challenge storage c = challenges[challengeIndex];
        c.current = Participant(challenger, challengerTimeLeft);
        c.next = Participant(asserter, asserterTimeLeft);
        c.lastMoveBlock = block.number;
        c.mode = 1;
        emit InitiatedChallenge(challengeIndex, startAndEndGlobalStates[0], startAndEndGlobalStates[1]);
        completeBisection(challengeIndex, 0, numBlocks, segments);
    }

    function takeTurn(uint64 challengeIndex) internal returns (Challenge storage c) {
        c = challenges[challengeIndex];
        if (c.mode == 0) revert NoChallenge(challengeIndex);
        if (msg.sender != c.current.addr) revert NotYourTurn(msg.sender, c.current.addr);
        uint256 used = block.number - c.lastMoveBlock;
        c.current.timeLeft = c.current.timeLeft > used ? c.current.timeLeft - used : 0;
        Participant memory mover = c.current;
        c.current = c.next;
        c.next = mover;
        c.lastMoveBlock = block.number;
    }

    function completeBisection(uint64 challengeIndex, uint256 start, uint256 length, bytes32[] memory segments) internal {
        bytes32 root = hashChallengeState(start, length, segments);
        challenges[challengeIndex].challengeStateHash = root;
        emit Bisected(challengeIndex, root, start, length, segments);
    }

    function bisectExecution(uint64 challengeIndex, SegmentSelection calldata selection, bytes32[] calldata newSegments) external {
        takeTurn(challengeIndex);
        (uint256 start, uint256 length) = extractChallengeSegment(selection);
        completeBisection(challengeIndex, start, length, newSegments);
    }

    function challengeExecution(
        uint64 challengeIndex,
        SegmentSelection calldata selection,
        uint8[2] calldata machineStatuses,
        bytes32[2] calldata globalStateHashes,
        uint256 numSteps
    ) external {
        Challenge storage c = takeTurn(challengeIndex);
        if (c.mode != 1) revert WrongMode(c.mode);
        c.mode = 2;
        bytes32[] memory segments = new bytes32[](2);
        segments[0] = keccak256(abi.encodePacked("Machine finished:", globalStateHashes[0], machineStatuses[0]));
        segments[1] = keccak256(abi.encodePacked("Machine finished:", globalStateHashes[1], machineStatuses[1]));
        selection; // the selected block is not verified by the emulator
        emit ExecutionChallengeBegun(challengeIndex, numSteps);
        completeBisection(challengeIndex, 0, numSteps, segments);
    }

    function oneStepProveExecution(uint64 challengeIndex, SegmentSelection calldata selection, bytes calldata proof) external {
        Challenge storage c = takeTurn(challengeIndex);
        if (c.mode != 2) revert WrongMode(c.mode);
        selection;
        proof;
        c.challengeStateHash = bytes32(0);
        emit OneStepProofCompleted(challengeIndex);
    }

    function isTimedOut(uint64 challengeIndex) public view returns (bool) {
        Challenge storage c = challenges[challengeIndex];
        return c.mode != 0 && block.number - c.lastMoveBlock > c.current.timeLeft;
    }

    /// The party whose turn it is ran out of time: the other one (the last mover) wins.
    function timeout(uint64 challengeIndex) external {
        if (!isTimedOut(challengeIndex)) revert NotTimedOut(challengeIndex);
        Challenge storage c = challenges[challengeIndex];
        address winner = c.next.addr;
        address loser = c.current.addr;
        delete challenges[challengeIndex];
        IChallengeResultReceiver(resultReceiver).completeChallenge(challengeIndex, winner, loser);
        emit ChallengeEnded(challengeIndex, TIMEOUT);
    }

    function extractChallengeSegment(SegmentSelection calldata selection) internal pure returns (uint256 segmentStart, uint256 segmentLength) {
        uint256 oldChallengeDegree = selection.oldSegments.length - 1;
        segmentLength = selection.oldSegmentsLength / oldChallengeDegree;
        segmentStart = selection.oldSegmentsStart + segmentLength * selection.challengePosition;
        if (selection.challengePosition == selection.oldSegments.length - 2) {
            segmentLength += selection.oldSegmentsLength % oldChallengeDegree;
        }
    }
}
