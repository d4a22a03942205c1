// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./OpTypes.sol";

/// L2OutputOracle (legacy era): the proposer posts an output root every SUBMISSION_INTERVAL L2
/// blocks; the challenger can delete outputs that are not finalized yet. Same checks as mainnet.
contract L2OutputOracle {
    uint256 public immutable SUBMISSION_INTERVAL;
    uint256 public immutable L2_BLOCK_TIME;
    uint256 public immutable FINALIZATION_PERIOD_SECONDS;
    address public immutable PROPOSER;
    address public immutable CHALLENGER;
    uint256 public startingBlockNumber;
    uint256 public startingTimestamp;
    OutputProposal[] internal l2Outputs;

    event OutputProposed(bytes32 indexed outputRoot, uint256 indexed l2OutputIndex, uint256 indexed l2BlockNumber, uint256 l1Timestamp);
    event OutputsDeleted(uint256 indexed prevNextOutputIndex, uint256 indexed newNextOutputIndex);

    constructor(
        uint256 _submissionInterval,
        uint256 _l2BlockTime,
        uint256 _startingBlockNumber,
        uint256 _startingTimestamp,
        address _proposer,
        address _challenger,
        uint256 _finalizationPeriodSeconds
    ) {
        require(_l2BlockTime > 0, "L2OutputOracle: L2 block time must be greater than 0");
        require(_submissionInterval > 0, "L2OutputOracle: submission interval must be greater than 0");
        SUBMISSION_INTERVAL = _submissionInterval;
        L2_BLOCK_TIME = _l2BlockTime;
        FINALIZATION_PERIOD_SECONDS = _finalizationPeriodSeconds;
        PROPOSER = _proposer;
        CHALLENGER = _challenger;
        startingBlockNumber = _startingBlockNumber;
        startingTimestamp = _startingTimestamp;
    }

    function version() external pure returns (string memory) {
        return "1.8.0";
    }

    function submissionInterval() external view returns (uint256) {
        return SUBMISSION_INTERVAL;
    }

    function l2BlockTime() external view returns (uint256) {
        return L2_BLOCK_TIME;
    }

    function finalizationPeriodSeconds() external view returns (uint256) {
        return FINALIZATION_PERIOD_SECONDS;
    }

    function proposer() external view returns (address) {
        return PROPOSER;
    }

    function challenger() external view returns (address) {
        return CHALLENGER;
    }

    function deleteL2Outputs(uint256 _l2OutputIndex) external {
        require(msg.sender == CHALLENGER, "L2OutputOracle: only the challenger address can delete outputs");
        require(_l2OutputIndex < l2Outputs.length, "L2OutputOracle: cannot delete outputs after the latest output index");
        require(
            block.timestamp - l2Outputs[_l2OutputIndex].timestamp < FINALIZATION_PERIOD_SECONDS,
            "L2OutputOracle: cannot delete outputs that have already been finalized"
        );
        uint256 prevNextL2OutputIndex = nextOutputIndex();
        while (l2Outputs.length > _l2OutputIndex) l2Outputs.pop();
        emit OutputsDeleted(prevNextL2OutputIndex, _l2OutputIndex);
    }

    function proposeL2Output(bytes32 _outputRoot, uint256 _l2BlockNumber, bytes32 _l1BlockHash, uint256 _l1BlockNumber)
        external
        payable
    {
        require(msg.sender == PROPOSER, "L2OutputOracle: only the proposer address can propose new outputs");
        require(_l2BlockNumber == nextBlockNumber(), "L2OutputOracle: block number must be equal to next expected block number");
        require(computeL2Timestamp(_l2BlockNumber) < block.timestamp, "L2OutputOracle: cannot propose L2 output in the future");
        require(_outputRoot != bytes32(0), "L2OutputOracle: L2 output proposal cannot be the zero hash");
        if (_l1BlockHash != bytes32(0)) {
            require(blockhash(_l1BlockNumber) == _l1BlockHash, "L2OutputOracle: block hash does not match the hash at the expected height");
        }
        emit OutputProposed(_outputRoot, nextOutputIndex(), _l2BlockNumber, block.timestamp);
        l2Outputs.push(OutputProposal({outputRoot: _outputRoot, timestamp: uint128(block.timestamp), l2BlockNumber: uint128(_l2BlockNumber)}));
    }

    function getL2Output(uint256 _l2OutputIndex) external view returns (OutputProposal memory) {
        return l2Outputs[_l2OutputIndex];
    }

    function getL2OutputIndexAfter(uint256 _l2BlockNumber) public view returns (uint256) {
        require(
            l2Outputs.length > 0 && l2Outputs[l2Outputs.length - 1].l2BlockNumber >= _l2BlockNumber,
            "L2OutputOracle: cannot get output for a block that has not been proposed"
        );
        uint256 lo = 0;
        uint256 hi = l2Outputs.length;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (l2Outputs[mid].l2BlockNumber < _l2BlockNumber) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    function getL2OutputAfter(uint256 _l2BlockNumber) external view returns (OutputProposal memory) {
        return l2Outputs[getL2OutputIndexAfter(_l2BlockNumber)];
    }

    function latestOutputIndex() external view returns (uint256) {
        return l2Outputs.length - 1;
    }

    function nextOutputIndex() public view returns (uint256) {
        return l2Outputs.length;
    }

    function latestBlockNumber() public view returns (uint256) {
        return l2Outputs.length == 0 ? startingBlockNumber : l2Outputs[l2Outputs.length - 1].l2BlockNumber;
    }

    function nextBlockNumber() public view returns (uint256) {
        return latestBlockNumber() + SUBMISSION_INTERVAL;
    }

    function computeL2Timestamp(uint256 _l2BlockNumber) public view returns (uint256) {
        return startingTimestamp + ((_l2BlockNumber - startingBlockNumber) * L2_BLOCK_TIME);
    }
}
