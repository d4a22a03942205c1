// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./OpPortalBase.sol";

/// OptimismPortal2 (fault proofs). Withdrawals are proven against a dispute game of the respected
/// game type and finalized once the proof is older than PROOF_MATURITY_DELAY_SECONDS and the game
/// resolved DEFENDER_WINS more than DISPUTE_GAME_FINALITY_DELAY_SECONDS ago.
/// The storage-proof of the withdrawal in the message passer is not checked (emulator).
contract OptimismPortal2 is OpPortalBase {
    uint256 internal immutable PROOF_MATURITY_DELAY_SECONDS;
    uint256 internal immutable DISPUTE_GAME_FINALITY_DELAY_SECONDS;

    event WithdrawalProvenExtension1(bytes32 indexed withdrawalHash, address indexed proofSubmitter);
    event DisputeGameBlacklisted(address indexed disputeGame);
    event RespectedGameTypeSet(uint32 indexed newGameType, uint64 indexed updatedAt);

    constructor(uint256 _proofMaturityDelaySeconds, uint256 _disputeGameFinalityDelaySeconds) {
        PROOF_MATURITY_DELAY_SECONDS = _proofMaturityDelaySeconds;
        DISPUTE_GAME_FINALITY_DELAY_SECONDS = _disputeGameFinalityDelaySeconds;
    }

    function version() external pure returns (string memory) {
        return "3.10.0";
    }

    function initialize(address _disputeGameFactoryAddr, address _systemConfigAddr, address _guardianAddr, uint32 _initialRespectedGameType)
        external
    {
        require(_initializedVersion < 2, "Initializable: contract is already initialized");
        _initializedVersion = 2;
        _disputeGameFactory = _disputeGameFactoryAddr;
        _systemConfig = _systemConfigAddr;
        _guardian = _guardianAddr;
        if (_respectedGameTypeUpdatedAt == 0) {
            _respectedGameType = _initialRespectedGameType;
            _respectedGameTypeUpdatedAt = uint64(block.timestamp);
        }
    }

    function proofMaturityDelaySeconds() external view returns (uint256) {
        return PROOF_MATURITY_DELAY_SECONDS;
    }

    function disputeGameFinalityDelaySeconds() external view returns (uint256) {
        return DISPUTE_GAME_FINALITY_DELAY_SECONDS;
    }

    function respectedGameType() external view returns (uint32) {
        return _respectedGameType;
    }

    function respectedGameTypeUpdatedAt() external view returns (uint64) {
        return _respectedGameTypeUpdatedAt;
    }

    function disputeGameFactory() external view returns (address) {
        return _disputeGameFactory;
    }

    function disputeGameBlacklist(address _game) external view returns (bool) {
        return _disputeGameBlacklist[_game];
    }

    function provenWithdrawals(bytes32 _withdrawalHash, address _proofSubmitter)
        external
        view
        returns (address disputeGameProxy, uint64 timestamp)
    {
        ProvenWithdrawalV2 memory p = _provenWithdrawalsV2[_withdrawalHash][_proofSubmitter];
        return (p.disputeGameProxy, p.timestamp);
    }

    function proofSubmitters(bytes32 _withdrawalHash, uint256 _index) external view returns (address) {
        return _proofSubmitters[_withdrawalHash][_index];
    }

    function numProofSubmitters(bytes32 _withdrawalHash) external view returns (uint256) {
        return _proofSubmitters[_withdrawalHash].length;
    }

    function setRespectedGameType(uint32 _gameType) external {
        require(msg.sender == _guardian, "OptimismPortal: only the guardian can set the respected game type");
        if (_gameType == type(uint32).max) {
            _respectedGameTypeUpdatedAt = uint64(block.timestamp);
        } else {
            _respectedGameType = _gameType;
        }
        emit RespectedGameTypeSet(_respectedGameType, _respectedGameTypeUpdatedAt);
    }

    function blacklistDisputeGame(address _disputeGame) external {
        require(msg.sender == _guardian, "OptimismPortal: only the guardian can blacklist dispute games");
        _disputeGameBlacklist[_disputeGame] = true;
        emit DisputeGameBlacklisted(_disputeGame);
    }

    function proveWithdrawalTransaction(
        WithdrawalTransaction memory _tx,
        uint256 _disputeGameIndex,
        OutputRootProof calldata _outputRootProof,
        bytes[] calldata /* _withdrawalProof */
    ) external {
        require(_tx.target != address(this), "OptimismPortal: you cannot send messages to the portal contract");
        (uint32 gameType,, address gameProxy) = IOpDisputeGameFactory(_disputeGameFactory).gameAtIndex(_disputeGameIndex);
        bytes32 outputRoot = IOpDisputeGame(gameProxy).rootClaim();
        require(gameType == _respectedGameType, "OptimismPortal: invalid game type");
        require(outputRoot == OpHashing.hashOutputRootProof(_outputRootProof), "OptimismPortal: invalid output root proof");
        require(IOpDisputeGame(gameProxy).status() != GameStatus.CHALLENGER_WINS, "OptimismPortal: cannot prove against invalid dispute games");
        bytes32 withdrawalHash = OpHashing.hashWithdrawal(_tx);
        _provenWithdrawalsV2[withdrawalHash][msg.sender] = ProvenWithdrawalV2({disputeGameProxy: gameProxy, timestamp: uint64(block.timestamp)});
        emit WithdrawalProven(withdrawalHash, _tx.sender, _tx.target);
        emit WithdrawalProvenExtension1(withdrawalHash, msg.sender);
        _proofSubmitters[withdrawalHash].push(msg.sender);
    }

    function finalizeWithdrawalTransaction(WithdrawalTransaction memory _tx) external {
        finalizeWithdrawalTransactionExternalProof(_tx, msg.sender);
    }

    function finalizeWithdrawalTransactionExternalProof(WithdrawalTransaction memory _tx, address _proofSubmitter) public {
        bytes32 withdrawalHash = OpHashing.hashWithdrawal(_tx);
        checkWithdrawal(withdrawalHash, _proofSubmitter);
        _executeWithdrawal(withdrawalHash, _tx);
    }

    /// Reverts with the reason a withdrawal cannot be finalized yet (real OptimismPortal2 checks).
    function checkWithdrawal(bytes32 _withdrawalHash, address _proofSubmitter) public view {
        ProvenWithdrawalV2 memory proven = _provenWithdrawalsV2[_withdrawalHash][_proofSubmitter];
        IOpDisputeGame game = IOpDisputeGame(proven.disputeGameProxy);
        require(!_disputeGameBlacklist[address(game)], "OptimismPortal: dispute game has been blacklisted");
        require(proven.timestamp != 0, "OptimismPortal: withdrawal has not been proven by proof submitter address yet");
        uint64 createdAt = game.createdAt();
        require(proven.timestamp > createdAt, "OptimismPortal: withdrawal timestamp less than dispute game creation timestamp");
        require(block.timestamp - proven.timestamp > PROOF_MATURITY_DELAY_SECONDS, "OptimismPortal: proven withdrawal has not matured yet");
        require(createdAt >= _respectedGameTypeUpdatedAt, "OptimismPortal: dispute game created before respected game type was updated");
        require(game.status() == GameStatus.DEFENDER_WINS, "OptimismPortal: output proposal has not been validated");
        require(block.timestamp - game.resolvedAt() > DISPUTE_GAME_FINALITY_DELAY_SECONDS, "OptimismPortal: output proposal in air-gap");
        require(!finalizedWithdrawals[_withdrawalHash], "OptimismPortal: withdrawal has already been finalized");
    }
}
