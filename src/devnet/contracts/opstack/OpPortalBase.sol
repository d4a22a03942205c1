// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./OpTypes.sol";

/// Storage of both portal implementations, declared once so that OptimismPortal (legacy) and
/// OptimismPortal2 can live behind the same proxy without slot clashes (the upgrade keeps deposits'
/// ETH and the finalized set, as the mainnet upgrade did).
abstract contract OpPortalStorage {
    struct ProvenWithdrawalV1 {
        bytes32 outputRoot;
        uint128 timestamp;
        uint128 l2OutputIndex;
    }

    struct ProvenWithdrawalV2 {
        address disputeGameProxy;
        uint64 timestamp;
    }

    // shared
    address internal _l2Sender;
    mapping(bytes32 => bool) public finalizedWithdrawals;
    address internal _systemConfig;
    address internal _guardian;
    /// Highest initializer run (1 = legacy portal, 2 = OptimismPortal2).
    uint8 internal _initializedVersion;
    // legacy portal
    address internal _l2Oracle;
    mapping(bytes32 => ProvenWithdrawalV1) internal _provenWithdrawalsV1;
    // OptimismPortal2
    address internal _disputeGameFactory;
    uint32 internal _respectedGameType;
    uint64 internal _respectedGameTypeUpdatedAt;
    mapping(bytes32 => mapping(address => ProvenWithdrawalV2)) internal _provenWithdrawalsV2;
    mapping(bytes32 => address[]) internal _proofSubmitters;
    mapping(address => bool) internal _disputeGameBlacklist;
}

/// What both portals share: deposits with the real TransactionDeposited encoding, and the execution
/// of a finalized withdrawal with l2Sender set for the duration of the call.
abstract contract OpPortalBase is OpPortalStorage {
    /// TransactionDeposited version 0 (opaqueData = encodePacked(mint, value, gasLimit, isCreation, data)).
    uint256 internal constant DEPOSIT_VERSION = 0;
    address internal constant DEFAULT_L2_SENDER = 0x000000000000000000000000000000000000dEaD;

    event TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData);
    event WithdrawalProven(bytes32 indexed withdrawalHash, address indexed from, address indexed to);
    event WithdrawalFinalized(bytes32 indexed withdrawalHash, bool success);

    receive() external payable {
        depositTransaction(msg.sender, msg.value, 100_000, false, bytes(""));
    }

    function depositTransaction(address _to, uint256 _value, uint64 _gasLimit, bool _isCreation, bytes memory _data)
        public
        payable
    {
        require(!_isCreation || _to == address(0), "OptimismPortal: must send to address(0) when creating a contract");
        require(_gasLimit >= minimumGasLimit(uint64(_data.length)), "OptimismPortal: gas limit too small");
        require(_data.length <= 120_000, "OptimismPortal: data too large");
        // Contracts (not EOAs) are aliased so that they cannot impersonate an L2 contract.
        address from = msg.sender;
        if (msg.sender != tx.origin) from = OpHashing.applyL1ToL2Alias(msg.sender);
        bytes memory opaqueData = abi.encodePacked(msg.value, _value, _gasLimit, _isCreation, _data);
        emit TransactionDeposited(from, _to, DEPOSIT_VERSION, opaqueData);
    }

    function minimumGasLimit(uint64 _byteCount) public pure returns (uint64) {
        return _byteCount * 16 + 21000;
    }

    function l2Sender() external view returns (address) {
        return _l2Sender == address(0) ? DEFAULT_L2_SENDER : _l2Sender;
    }

    function systemConfig() external view returns (address) {
        return _systemConfig;
    }

    function guardian() external view returns (address) {
        return _guardian;
    }

    function paused() external pure returns (bool) {
        return false;
    }

    /// Marks the withdrawal finalized, calls its target with l2Sender set, emits WithdrawalFinalized.
    function _executeWithdrawal(bytes32 _withdrawalHash, WithdrawalTransaction memory _tx) internal {
        require(_l2Sender == address(0), "OptimismPortal: can only trigger one withdrawal per transaction");
        require(!finalizedWithdrawals[_withdrawalHash], "OptimismPortal: withdrawal has already been finalized");
        finalizedWithdrawals[_withdrawalHash] = true;
        // SafeCall.hasMinGas: the target must get its full gasLimit (so gas estimation cannot make it fail).
        require((gasleft() * 63) / 64 >= _tx.gasLimit + 20_000, "OptimismPortal: insufficient gas to finalize withdrawal");
        _l2Sender = _tx.sender;
        (bool success,) = _tx.target.call{gas: _tx.gasLimit, value: _tx.value}(_tx.data);
        _l2Sender = address(0);
        emit WithdrawalFinalized(_withdrawalHash, success);
    }
}
