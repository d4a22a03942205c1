// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./OpPortalBase.sol";

/// OptimismPortal (legacy, L2OutputOracle era). Withdrawals are proven against an L2 output and
/// finalized once both the proof and the output are older than FINALIZATION_PERIOD_SECONDS.
/// The storage-proof of the withdrawal in the message passer is not checked (emulator).
contract OptimismPortal is OpPortalBase {
    function version() external pure returns (string memory) {
        return "2.8.0";
    }

    function initialize(address _l2OracleAddr, address _systemConfigAddr, address _guardianAddr) external {
        require(_initializedVersion < 1, "Initializable: contract is already initialized");
        _initializedVersion = 1;
        _l2Oracle = _l2OracleAddr;
        _systemConfig = _systemConfigAddr;
        _guardian = _guardianAddr;
    }

    function l2Oracle() external view returns (address) {
        return _l2Oracle;
    }

    function L2_ORACLE() external view returns (address) {
        return _l2Oracle;
    }

    function provenWithdrawals(bytes32 _withdrawalHash)
        external
        view
        returns (bytes32 outputRoot, uint128 timestamp, uint128 l2OutputIndex)
    {
        ProvenWithdrawalV1 memory p = _provenWithdrawalsV1[_withdrawalHash];
        return (p.outputRoot, p.timestamp, p.l2OutputIndex);
    }

    function isOutputFinalized(uint256 _l2OutputIndex) external view returns (bool) {
        return _isFinalizationPeriodElapsed(IOpL2OutputOracle(_l2Oracle).getL2Output(_l2OutputIndex).timestamp);
    }

    function proveWithdrawalTransaction(
        WithdrawalTransaction memory _tx,
        uint256 _l2OutputIndex,
        OutputRootProof calldata _outputRootProof,
        bytes[] calldata /* _withdrawalProof */
    ) external {
        require(_tx.target != address(this), "OptimismPortal: you cannot send messages to the portal contract");
        bytes32 outputRoot = IOpL2OutputOracle(_l2Oracle).getL2Output(_l2OutputIndex).outputRoot;
        require(outputRoot == OpHashing.hashOutputRootProof(_outputRootProof), "OptimismPortal: invalid output root proof");
        bytes32 withdrawalHash = OpHashing.hashWithdrawal(_tx);
        ProvenWithdrawalV1 memory proven = _provenWithdrawalsV1[withdrawalHash];
        require(
            proven.timestamp == 0 || IOpL2OutputOracle(_l2Oracle).getL2Output(proven.l2OutputIndex).outputRoot != proven.outputRoot,
            "OptimismPortal: withdrawal hash has already been proven"
        );
        _provenWithdrawalsV1[withdrawalHash] =
            ProvenWithdrawalV1({outputRoot: outputRoot, timestamp: uint128(block.timestamp), l2OutputIndex: uint128(_l2OutputIndex)});
        emit WithdrawalProven(withdrawalHash, _tx.sender, _tx.target);
    }

    function finalizeWithdrawalTransaction(WithdrawalTransaction memory _tx) external {
        bytes32 withdrawalHash = OpHashing.hashWithdrawal(_tx);
        ProvenWithdrawalV1 memory proven = _provenWithdrawalsV1[withdrawalHash];
        require(proven.timestamp != 0, "OptimismPortal: withdrawal has not been proven yet");
        require(_isFinalizationPeriodElapsed(proven.timestamp), "OptimismPortal: proven withdrawal finalization period has not elapsed");
        OutputProposal memory proposal = IOpL2OutputOracle(_l2Oracle).getL2Output(proven.l2OutputIndex);
        require(proposal.outputRoot == proven.outputRoot, "OptimismPortal: output root proven is not the same as current output root");
        require(_isFinalizationPeriodElapsed(proposal.timestamp), "OptimismPortal: output proposal finalization period has not elapsed");
        _executeWithdrawal(withdrawalHash, _tx);
    }

    function _isFinalizationPeriodElapsed(uint256 _timestamp) internal view returns (bool) {
        return block.timestamp > _timestamp + IOpL2OutputOracle(_l2Oracle).FINALIZATION_PERIOD_SECONDS();
    }
}
