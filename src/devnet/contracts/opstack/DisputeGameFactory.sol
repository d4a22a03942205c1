// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./FaultDisputeGame.sol";

/// DisputeGameFactory: create() deploys a NEW game contract per (gameType, rootClaim, extraData)
/// and emits DisputeGameCreated. Games copy the configuration of the implementation registered for
/// their type (setImplementation), as mainnet clones do.
contract DisputeGameFactory {
    struct GameId {
        uint32 gameType;
        uint64 timestamp;
        address proxy;
    }

    address public owner;
    mapping(uint32 => address) public gameImpls;
    mapping(uint32 => uint256) public initBonds;
    mapping(bytes32 => GameId) internal _disputeGames;
    GameId[] internal _disputeGameList;

    event DisputeGameCreated(address indexed disputeProxy, uint32 indexed gameType, bytes32 indexed rootClaim);
    event ImplementationSet(address indexed impl, uint32 indexed gameType);
    event InitBondUpdated(uint32 indexed gameType, uint256 indexed newBond);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    constructor(address _owner) {
        owner = _owner;
        emit OwnershipTransferred(address(0), _owner);
    }

    function version() external pure returns (string memory) {
        return "1.0.1";
    }

    function gameCount() external view returns (uint256 gameCount_) {
        return _disputeGameList.length;
    }

    function gameAtIndex(uint256 _index) external view returns (uint32 gameType_, uint64 timestamp_, address proxy_) {
        GameId memory id = _disputeGameList[_index];
        return (id.gameType, id.timestamp, id.proxy);
    }

    function getGameUUID(uint32 _gameType, bytes32 _rootClaim, bytes calldata _extraData) public pure returns (bytes32) {
        return keccak256(abi.encode(_gameType, _rootClaim, _extraData));
    }

    function games(uint32 _gameType, bytes32 _rootClaim, bytes calldata _extraData)
        external
        view
        returns (address proxy_, uint64 timestamp_)
    {
        GameId memory id = _disputeGames[getGameUUID(_gameType, _rootClaim, _extraData)];
        return (id.proxy, id.timestamp);
    }

    function setImplementation(uint32 _gameType, address _impl) external {
        require(msg.sender == owner, "Ownable: caller is not the owner");
        gameImpls[_gameType] = _impl;
        emit ImplementationSet(_impl, _gameType);
    }

    function setInitBond(uint32 _gameType, uint256 _initBond) external {
        require(msg.sender == owner, "Ownable: caller is not the owner");
        initBonds[_gameType] = _initBond;
        emit InitBondUpdated(_gameType, _initBond);
    }

    function create(uint32 _gameType, bytes32 _rootClaim, bytes calldata _extraData) external payable returns (address proxy_) {
        address impl = gameImpls[_gameType];
        require(impl != address(0), "DisputeGameFactory: no implementation for game type");
        require(msg.value == initBonds[_gameType], "DisputeGameFactory: incorrect bond amount");
        bytes32 uuid = getGameUUID(_gameType, _rootClaim, _extraData);
        require(_disputeGames[uuid].proxy == address(0), "DisputeGameFactory: game already exists");
        FaultDisputeGame cfg = FaultDisputeGame(impl);
        FaultDisputeGame game = new FaultDisputeGame{value: msg.value}(
            _gameType,
            _rootClaim,
            _extraData,
            msg.sender,
            cfg.maxGameDepth(),
            cfg.splitDepth(),
            cfg.maxClockDuration(),
            cfg.clockExtension(),
            cfg.absolutePrestate(),
            cfg.l2ChainId()
        );
        proxy_ = address(game);
        GameId memory id = GameId({gameType: _gameType, timestamp: uint64(block.timestamp), proxy: proxy_});
        _disputeGames[uuid] = id;
        _disputeGameList.push(id);
        emit DisputeGameCreated(proxy_, _gameType, _rootClaim);
    }
}
