// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./OpTypes.sol";

/// FaultDisputeGame, reduced. Positions (generalized indices), chess clocks, the disputed-claim and
/// duplicate checks and the resolution rule are those of contracts-bedrock; bonds, the VM step and
/// the anchor state registry are not emulated.
/// Resolution: a claim is countered iff one of its children is uncountered (or it was stepped
/// against); the game is CHALLENGER_WINS iff the root claim is countered. resolve() needs every
/// claim's challenge clock to have run out (as resolving every subgame does on mainnet).
contract FaultDisputeGame {
    struct ClaimData {
        uint32 parentIndex;
        address counteredBy;
        address claimant;
        uint128 bond;
        bytes32 claim;
        uint128 position;
        uint128 clock;
    }

    uint32 internal immutable GAME_TYPE;
    uint256 internal immutable MAX_GAME_DEPTH;
    uint256 internal immutable SPLIT_DEPTH;
    uint64 internal immutable MAX_CLOCK_DURATION;
    uint64 internal immutable CLOCK_EXTENSION;
    bytes32 internal immutable ABSOLUTE_PRESTATE;
    uint256 internal immutable L2_CHAIN_ID;

    bytes32 public rootClaim;
    bytes internal _extraData;
    address public gameCreator;
    bytes32 public l1Head;
    uint64 public createdAt;
    uint64 public resolvedAt;
    GameStatus public status;
    ClaimData[] public claimData;
    mapping(bytes32 => bool) public claims;
    mapping(uint256 => bool) public resolvedSubgames;
    mapping(address => uint256) public credit;

    event Move(uint256 indexed parentIndex, bytes32 indexed claim, address indexed claimant);
    event Resolved(GameStatus indexed status);

    /// The factory creates each game with its root claim; an "implementation" instance (rootClaim 0)
    /// only carries the configuration the factory copies into the games it creates.
    constructor(
        uint32 _gameType,
        bytes32 _rootClaim,
        bytes memory _extra,
        address _creator,
        uint256 _maxGameDepth,
        uint256 _splitDepth,
        uint64 _maxClockDuration,
        uint64 _clockExtension,
        bytes32 _absolutePrestate,
        uint256 _l2ChainId
    ) payable {
        require(_splitDepth < _maxGameDepth, "FaultDisputeGame: invalid split depth");
        GAME_TYPE = _gameType;
        MAX_GAME_DEPTH = _maxGameDepth;
        SPLIT_DEPTH = _splitDepth;
        MAX_CLOCK_DURATION = _maxClockDuration;
        CLOCK_EXTENSION = _clockExtension;
        ABSOLUTE_PRESTATE = _absolutePrestate;
        L2_CHAIN_ID = _l2ChainId;
        if (_rootClaim == bytes32(0)) return; // implementation instance
        require(_extra.length >= 32, "FaultDisputeGame: extraData must hold the L2 block number");
        rootClaim = _rootClaim;
        _extraData = _extra;
        gameCreator = _creator;
        l1Head = blockhash(block.number - 1);
        createdAt = uint64(block.timestamp);
        claimData.push(
            ClaimData({
                parentIndex: type(uint32).max,
                counteredBy: address(0),
                claimant: _creator,
                bond: uint128(msg.value),
                claim: _rootClaim,
                position: 1,
                clock: _packClock(0, uint64(block.timestamp))
            })
        );
    }

    function version() external pure returns (string memory) {
        return "1.3.1";
    }

    function gameType() external view returns (uint32) {
        return GAME_TYPE;
    }

    function extraData() external view returns (bytes memory) {
        return _extraData;
    }

    function gameData() external view returns (uint32 gameType_, bytes32 rootClaim_, bytes memory extraData_) {
        return (GAME_TYPE, rootClaim, _extraData);
    }

    function l2BlockNumber() public view returns (uint256 l2BlockNumber_) {
        bytes memory extra = _extraData;
        if (extra.length < 32) return 0;
        assembly {
            l2BlockNumber_ := mload(add(extra, 0x20))
        }
    }

    function l2SequenceNumber() external view returns (uint256) {
        return l2BlockNumber();
    }

    function maxGameDepth() external view returns (uint256) {
        return MAX_GAME_DEPTH;
    }

    function splitDepth() external view returns (uint256) {
        return SPLIT_DEPTH;
    }

    function maxClockDuration() external view returns (uint64) {
        return MAX_CLOCK_DURATION;
    }

    function clockExtension() external view returns (uint64) {
        return CLOCK_EXTENSION;
    }

    function absolutePrestate() external view returns (bytes32) {
        return ABSOLUTE_PRESTATE;
    }

    function l2ChainId() external view returns (uint256) {
        return L2_CHAIN_ID;
    }

    function claimDataLen() external view returns (uint256) {
        return claimData.length;
    }

    function attack(bytes32 _disputed, uint256 _parentIndex, bytes32 _claim) external payable {
        move(_disputed, _parentIndex, _claim, true);
    }

    function defend(bytes32 _disputed, uint256 _parentIndex, bytes32 _claim) external payable {
        move(_disputed, _parentIndex, _claim, false);
    }

    function move(bytes32 _disputed, uint256 _challengeIndex, bytes32 _claim, bool _isAttack) public payable {
        require(status == GameStatus.IN_PROGRESS, "FaultDisputeGame: game not in progress");
        require(_challengeIndex < claimData.length, "FaultDisputeGame: no claim at this index");
        ClaimData memory parent = claimData[_challengeIndex];
        require(parent.claim == _disputed, "FaultDisputeGame: invalid disputed claim index");
        // LibPosition.move: left child of the parent (attack) or of the parent's right sibling (defend).
        uint128 nextPosition = (parent.position | (_isAttack ? 0 : 1)) << 1;
        uint256 nextDepth = _depth(nextPosition);
        require(
            _isAttack || (_challengeIndex != 0 && nextDepth != SPLIT_DEPTH + 2),
            "FaultDisputeGame: cannot defend the root claim"
        );
        require(nextDepth <= MAX_GAME_DEPTH, "FaultDisputeGame: game depth exceeded");
        uint64 nextDuration = getChallengerDuration(_challengeIndex);
        require(nextDuration < MAX_CLOCK_DURATION, "FaultDisputeGame: clock time exceeded");
        if (nextDuration > MAX_CLOCK_DURATION - CLOCK_EXTENSION) nextDuration = MAX_CLOCK_DURATION - CLOCK_EXTENSION;
        bytes32 claimHash = keccak256(abi.encode(_claim, nextPosition, _challengeIndex));
        require(!claims[claimHash], "FaultDisputeGame: claim already exists");
        claims[claimHash] = true;
        claimData.push(
            ClaimData({
                parentIndex: uint32(_challengeIndex),
                counteredBy: address(0),
                claimant: msg.sender,
                bond: uint128(msg.value),
                claim: _claim,
                position: nextPosition,
                clock: _packClock(nextDuration, uint64(block.timestamp))
            })
        );
        emit Move(_challengeIndex, _claim, msg.sender);
    }

    /// A one-step proof counters the claim at `_claimIndex` (which must be at MAX_GAME_DEPTH).
    function step(uint256 _claimIndex, bool, /* _isAttack */ bytes calldata, /* _stateData */ bytes calldata /* _proof */ ) external {
        require(status == GameStatus.IN_PROGRESS, "FaultDisputeGame: game not in progress");
        ClaimData storage subject = claimData[_claimIndex];
        require(_depth(subject.position) == MAX_GAME_DEPTH, "FaultDisputeGame: invalid parent");
        require(subject.counteredBy == address(0), "FaultDisputeGame: duplicate step");
        subject.counteredBy = msg.sender;
    }

    /// Challenge clock of a claim: its parent's accumulated duration plus the time since the claim.
    function getChallengerDuration(uint256 _claimIndex) public view returns (uint64 duration_) {
        ClaimData memory subject = claimData[_claimIndex];
        uint64 parentDuration = subject.parentIndex == type(uint32).max ? 0 : _clockDuration(claimData[subject.parentIndex].clock);
        uint256 d = uint256(parentDuration) + (block.timestamp - _clockTimestamp(subject.clock));
        duration_ = d > MAX_CLOCK_DURATION ? MAX_CLOCK_DURATION : uint64(d);
    }

    function resolveClaim(uint256 _claimIndex, uint256 /* _numToResolve */ ) external {
        require(status == GameStatus.IN_PROGRESS, "FaultDisputeGame: game not in progress");
        require(getChallengerDuration(_claimIndex) >= MAX_CLOCK_DURATION, "FaultDisputeGame: clock not expired");
        resolvedSubgames[_claimIndex] = true;
    }

    function resolve() external returns (GameStatus status_) {
        require(status == GameStatus.IN_PROGRESS, "FaultDisputeGame: game not in progress");
        uint256 n = claimData.length;
        bool[] memory hasUncounteredChild = new bool[](n);
        bool rootCountered;
        // Children always have larger indices than their parent: one reverse pass settles the tree.
        for (uint256 i = n; i > 0; i--) {
            uint256 idx = i - 1;
            require(getChallengerDuration(idx) >= MAX_CLOCK_DURATION, "FaultDisputeGame: clock not expired");
            ClaimData storage c = claimData[idx];
            bool countered = hasUncounteredChild[idx] || c.counteredBy != address(0);
            if (hasUncounteredChild[idx] && c.counteredBy == address(0)) c.counteredBy = _firstUncounteredChildClaimant(idx, hasUncounteredChild);
            resolvedSubgames[idx] = true;
            if (idx == 0) rootCountered = countered;
            else if (!countered) hasUncounteredChild[c.parentIndex] = true;
        }
        status_ = rootCountered ? GameStatus.CHALLENGER_WINS : GameStatus.DEFENDER_WINS;
        status = status_;
        resolvedAt = uint64(block.timestamp);
        emit Resolved(status_);
    }

    function claimCredit(address _recipient) external {
        uint256 amount = credit[_recipient];
        credit[_recipient] = 0;
        if (amount > 0) {
            (bool ok,) = _recipient.call{value: amount}("");
            require(ok, "FaultDisputeGame: credit transfer failed");
        }
    }

    function _firstUncounteredChildClaimant(uint256 _parent, bool[] memory _hasUncounteredChild) internal view returns (address) {
        for (uint256 j = _parent + 1; j < claimData.length; j++) {
            ClaimData storage child = claimData[j];
            if (child.parentIndex == _parent && !_hasUncounteredChild[j] && child.counteredBy == address(0)) return child.claimant;
        }
        return address(0);
    }

    function _depth(uint128 _position) internal pure returns (uint256 depth_) {
        while (_position > 1) {
            _position >>= 1;
            depth_++;
        }
    }

    function _packClock(uint64 _duration, uint64 _timestamp) internal pure returns (uint128) {
        return (uint128(_duration) << 64) | uint128(_timestamp);
    }

    function _clockDuration(uint128 _clock) internal pure returns (uint64) {
        return uint64(_clock >> 64);
    }

    function _clockTimestamp(uint128 _clock) internal pure returns (uint64) {
        return uint64(_clock);
    }
}
