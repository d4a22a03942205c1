// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

interface IBoldRollupView {
    function getAssertionParent(bytes32 assertionHash) external view returns (bytes32);
}

/// Emulator of BoLD's challengeV2/EdgeChallengeManager.sol (3.x): layer-zero edges at block,
/// big-step and small-step levels, bisection with the real mandatory bisection height and the real
/// edge / mutual ids, one-step proofs at the small-step level, timer caches and confirmation by
/// time. Events: EdgeAdded, EdgeBisected, EdgeConfirmedByOneStepProof, EdgeConfirmedByTime,
/// TimerCacheUpdated — real signatures. Proofs (history roots, prefix proofs, the OSP itself) are
/// not verified; the start history root of a layer-zero edge is derived from its origin.
contract EdgeChallengeManager {
    event EdgeAdded(
        bytes32 indexed edgeId, bytes32 indexed mutualId, bytes32 indexed originId, bytes32 claimId, uint256 length, uint8 level, bool hasRival, bool isLayerZero
    );
    event EdgeBisected(bytes32 indexed edgeId, bytes32 indexed lowerChildId, bytes32 indexed upperChildId, bool lowerChildAlreadyExists);
    event EdgeConfirmedByOneStepProof(bytes32 indexed edgeId, bytes32 indexed mutualId);
    event EdgeConfirmedByTime(bytes32 indexed edgeId, bytes32 indexed mutualId, uint256 totalTimeUnrivaled);
    event TimerCacheUpdated(bytes32 indexed edgeId, uint256 newValue);

    struct CreateEdgeArgs {
        uint8 level;
        bytes32 endHistoryRoot;
        uint256 endHeight;
        bytes32 claimId;
        bytes prefixProof;
        bytes proof;
    }

    struct OneStepData {
        bytes32 beforeHash;
        bytes proof;
    }

    struct Edge {
        bytes32 originId;
        bytes32 startHistoryRoot;
        uint256 startHeight;
        bytes32 endHistoryRoot;
        uint256 endHeight;
        bytes32 lowerChildId;
        bytes32 upperChildId;
        uint64 createdAtBlock;
        bytes32 claimId;
        address staker;
        uint8 status; // 0 none, 1 pending, 2 confirmed
        uint8 level;
        bool refunded;
        uint64 totalTimeUnrivaledCache;
    }

    error EdgeExists(bytes32 edgeId);
    error EdgeNotExists(bytes32 edgeId);
    error EdgeNotPending(bytes32 edgeId);
    error EdgeUnrivaled(bytes32 edgeId);
    error EdgeNotLengthOne(bytes32 edgeId, uint256 length);
    error BadHeight(uint256 endHeight, uint256 expected);
    error BadLevel(uint8 level);
    error HeightDiffLtTwo(uint256 start, uint256 end);
    error ClaimNotRivaledLengthOne(bytes32 claimId);
    error InsufficientConfirmationBlocks(uint256 total, uint256 required);
    error AlreadyBisected(bytes32 edgeId);

    IBoldRollupView public assertionChain;
    uint64 public challengePeriodBlocks;
    uint8 public constant NUM_BIGSTEP_LEVEL = 1;
    uint256 public immutable LAYERZERO_BLOCKEDGE_HEIGHT;
    uint256 public immutable LAYERZERO_BIGSTEPEDGE_HEIGHT;
    uint256 public immutable LAYERZERO_SMALLSTEPEDGE_HEIGHT;

    mapping(bytes32 => Edge) internal edges;
    /// mutualId => edge id of the first edge with that mutual id (the rival marker).
    mapping(bytes32 => bytes32) public firstRivals;
    /// mutualId => block at which a second edge (a rival) appeared; 0 while unrivaled.
    mapping(bytes32 => uint64) public rivalSince;
    address public owner;

    constructor(uint64 challengePeriodBlocks_, uint256 blockHeight, uint256 bigStepHeight, uint256 smallStepHeight) {
        owner = msg.sender;
        challengePeriodBlocks = challengePeriodBlocks_;
        LAYERZERO_BLOCKEDGE_HEIGHT = blockHeight;
        LAYERZERO_BIGSTEPEDGE_HEIGHT = bigStepHeight;
        LAYERZERO_SMALLSTEPEDGE_HEIGHT = smallStepHeight;
    }

    function setAssertionChain(IBoldRollupView chain) external {
        require(msg.sender == owner && address(assertionChain) == address(0), "once");
        assertionChain = chain;
    }

    // ------------------------------------------------------------------ ids

    function mutualIdComponent(uint8 level, bytes32 originId, uint256 startHeight, bytes32 startHistoryRoot, uint256 endHeight)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encodePacked(level, originId, startHeight, startHistoryRoot, endHeight));
    }

    function edgeIdComponent(uint8 level, bytes32 originId, uint256 startHeight, bytes32 startHistoryRoot, uint256 endHeight, bytes32 endHistoryRoot)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encodePacked(level, originId, startHeight, startHistoryRoot, endHeight, endHistoryRoot));
    }

    function mutualIdOf(bytes32 edgeId) public view returns (bytes32) {
        Edge storage e = edges[edgeId];
        return mutualIdComponent(e.level, e.originId, e.startHeight, e.startHistoryRoot, e.endHeight);
    }

    function getEdge(bytes32 edgeId) external view returns (Edge memory) {
        return edges[edgeId];
    }

    function hasRival(bytes32 edgeId) public view returns (bool) {
        return rivalSince[mutualIdOf(edgeId)] != 0;
    }

    /// Claim (assertion hash) of a confirmed block-level layer-zero edge; 0 otherwise.
    function confirmedClaim(bytes32 edgeId) external view returns (bytes32) {
        Edge storage e = edges[edgeId];
        return e.status == 2 && e.level == 0 ? e.claimId : bytes32(0);
    }

    function timeUnrivaled(bytes32 edgeId) public view returns (uint256) {
        Edge storage e = edges[edgeId];
        bytes32 mutualId = mutualIdOf(edgeId);
        uint64 since = rivalSince[mutualId];
        if (firstRivals[mutualId] != edgeId) return 0; // a later rival was never unrivaled
        if (since == 0) return block.number - e.createdAtBlock;
        return since - e.createdAtBlock;
    }

    // ------------------------------------------------------------------ moves

    function heightOf(uint8 level) internal view returns (uint256) {
        if (level == 0) return LAYERZERO_BLOCKEDGE_HEIGHT;
        if (level <= NUM_BIGSTEP_LEVEL) return LAYERZERO_BIGSTEPEDGE_HEIGHT;
        if (level == NUM_BIGSTEP_LEVEL + 1) return LAYERZERO_SMALLSTEPEDGE_HEIGHT;
        revert BadLevel(level);
    }

    function createLayerZeroEdge(CreateEdgeArgs calldata args) external returns (bytes32) {
        uint256 expected = heightOf(args.level);
        if (args.endHeight != expected) revert BadHeight(args.endHeight, expected);
        bytes32 originId;
        if (args.level == 0) {
            originId = assertionChain.getAssertionParent(args.claimId);
        } else {
            Edge storage claim = edges[args.claimId];
            if (claim.status == 0 || claim.level != args.level - 1 || claim.endHeight - claim.startHeight != 1 || !hasRival(args.claimId)) {
                revert ClaimNotRivaledLengthOne(args.claimId);
            }
            originId = mutualIdOf(args.claimId);
        }
        bytes32 startRoot = keccak256(abi.encodePacked("start", originId, args.level));
        bytes32 edgeId = addEdge(args.level, originId, 0, startRoot, args.endHeight, args.endHistoryRoot, args.claimId, true);
        return edgeId;
    }

    function addEdge(uint8 level, bytes32 originId, uint256 startHeight, bytes32 startRoot, uint256 endHeight, bytes32 endRoot, bytes32 claimId, bool isLayerZero)
        internal
        returns (bytes32 edgeId)
    {
        edgeId = edgeIdComponent(level, originId, startHeight, startRoot, endHeight, endRoot);
        if (edges[edgeId].status != 0) revert EdgeExists(edgeId);
        bytes32 mutualId = mutualIdComponent(level, originId, startHeight, startRoot, endHeight);
        bool rival = firstRivals[mutualId] != bytes32(0);
        if (!rival) firstRivals[mutualId] = edgeId;
        else if (rivalSince[mutualId] == 0) rivalSince[mutualId] = uint64(block.number);
        edges[edgeId] = Edge(originId, startRoot, startHeight, endRoot, endHeight, 0, 0, uint64(block.number), claimId, msg.sender, 1, level, false, 0);
        emit EdgeAdded(edgeId, mutualId, originId, claimId, endHeight - startHeight, level, rival, isLayerZero);
    }

    function mandatoryBisectionHeight(uint256 start, uint256 end) public pure returns (uint256) {
        if (end - start < 2) revert HeightDiffLtTwo(start, end);
        if (end - start == 2) return start + 1;
        uint256 diff = (end - 1) ^ start;
        uint256 msb = 0;
        while (diff > 1) {
            diff >>= 1;
            msb++;
        }
        uint256 mask = type(uint256).max << msb;
        return (end - 1) & mask;
    }

    function bisectEdge(bytes32 edgeId, bytes32 bisectionHistoryRoot, bytes calldata /* prefixProof */ )
        external
        returns (bytes32 lowerChildId, bytes32 upperChildId)
    {
        Edge storage e = edges[edgeId];
        if (e.status != 1) revert EdgeNotPending(edgeId);
        if (!hasRival(edgeId)) revert EdgeUnrivaled(edgeId);
        if (e.lowerChildId != bytes32(0)) revert AlreadyBisected(edgeId);
        uint256 mid = mandatoryBisectionHeight(e.startHeight, e.endHeight);
        lowerChildId = edgeIdComponent(e.level, e.originId, e.startHeight, e.startHistoryRoot, mid, bisectionHistoryRoot);
        bool lowerChildAlreadyExists = edges[lowerChildId].status != 0;
        if (!lowerChildAlreadyExists) addEdge(e.level, e.originId, e.startHeight, e.startHistoryRoot, mid, bisectionHistoryRoot, 0, false);
        upperChildId = addEdge(e.level, e.originId, mid, bisectionHistoryRoot, e.endHeight, e.endHistoryRoot, 0, false);
        e.lowerChildId = lowerChildId;
        e.upperChildId = upperChildId;
        emit EdgeBisected(edgeId, lowerChildId, upperChildId, lowerChildAlreadyExists);
    }

    function confirmEdgeByOneStepProof(
        bytes32 edgeId,
        OneStepData calldata, /* oneStepData */
        bytes32, /* prevConfigHash */
        bytes32[] calldata, /* beforeHistoryInclusionProof */
        bytes32[] calldata /* afterHistoryInclusionProof */
    ) external {
        Edge storage e = edges[edgeId];
        if (e.status != 1) revert EdgeNotPending(edgeId);
        if (e.level != NUM_BIGSTEP_LEVEL + 1) revert BadLevel(e.level);
        if (e.endHeight - e.startHeight != 1) revert EdgeNotLengthOne(edgeId, e.endHeight - e.startHeight);
        e.status = 2;
        e.totalTimeUnrivaledCache = type(uint64).max;
        emit EdgeConfirmedByOneStepProof(edgeId, mutualIdOf(edgeId));
    }

    function cacheOf(bytes32 edgeId) internal view returns (uint256) {
        Edge storage e = edges[edgeId];
        uint256 own = timeUnrivaled(edgeId);
        return e.totalTimeUnrivaledCache > own ? e.totalTimeUnrivaledCache : own;
    }

    function setCache(bytes32 edgeId, uint256 value, uint256 maximumCachedTime) internal {
        if (value > maximumCachedTime) value = maximumCachedTime;
        if (value > type(uint64).max) value = type(uint64).max;
        Edge storage e = edges[edgeId];
        if (value > e.totalTimeUnrivaledCache) {
            e.totalTimeUnrivaledCache = uint64(value);
            emit TimerCacheUpdated(edgeId, value);
        }
    }

    function saturatingAdd(uint256 a, uint256 b) internal pure returns (uint256) {
        uint256 c = a + b;
        return c > type(uint64).max ? type(uint64).max : c;
    }

    /// Cache = own unrivaled time + the smaller of the children's totals.
    function updateTimerCacheByChildren(bytes32 edgeId, uint256 maximumCachedTime) public {
        Edge storage e = edges[edgeId];
        if (e.status == 0) revert EdgeNotExists(edgeId);
        if (e.lowerChildId == bytes32(0)) return;
        uint256 lower = cacheOf(e.lowerChildId);
        uint256 upper = cacheOf(e.upperChildId);
        setCache(edgeId, saturatingAdd(timeUnrivaled(edgeId), lower < upper ? lower : upper), maximumCachedTime);
    }

    function multiUpdateTimeCacheByChildren(bytes32[] calldata edgeIds, uint256 maximumCachedTime) external {
        for (uint256 i = 0; i < edgeIds.length; i++) updateTimerCacheByChildren(edgeIds[i], maximumCachedTime);
    }

    /// Cache = own unrivaled time + the total of the layer-zero edge one level down claiming it.
    function updateTimerCacheByClaim(bytes32 edgeId, bytes32 claimingEdgeId, uint256 maximumCachedTime) external {
        Edge storage e = edges[edgeId];
        if (e.status == 0) revert EdgeNotExists(edgeId);
        Edge storage c = edges[claimingEdgeId];
        if (c.claimId != edgeId || c.level != e.level + 1) revert ClaimNotRivaledLengthOne(edgeId);
        setCache(edgeId, saturatingAdd(timeUnrivaled(edgeId), cacheOf(claimingEdgeId)), maximumCachedTime);
    }

    /// claimStateData is accepted for signature compatibility (AssertionStateData) and not checked.
    function confirmEdgeByTime(bytes32 edgeId, bytes calldata /* claimStateData */ ) external {
        Edge storage e = edges[edgeId];
        if (e.status != 1) revert EdgeNotPending(edgeId);
        uint256 total = cacheOf(edgeId);
        if (total < challengePeriodBlocks) revert InsufficientConfirmationBlocks(total, challengePeriodBlocks);
        e.status = 2;
        emit EdgeConfirmedByTime(edgeId, mutualIdOf(edgeId), total);
    }
}
