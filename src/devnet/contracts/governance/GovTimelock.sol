// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice OpenZeppelin TimelockController emulator (Arbitrum L1ArbitrumTimelock shape): the real
/// events and operation ids, the delay enforced against block.timestamp; one proposer and one
/// executor instead of roles.
contract GovTimelock {
    event CallScheduled(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data, bytes32 predecessor, uint256 delay);
    event CallExecuted(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data);
    event Cancelled(bytes32 indexed id);
    event MinDelayChange(uint256 oldDuration, uint256 newDuration);

    uint256 internal constant DONE_TIMESTAMP = 1;

    address public immutable proposer;
    address public immutable executor;
    uint256 public minDelay;
    mapping(bytes32 => uint256) public timestamps;

    constructor(uint256 minDelay_, address proposer_, address executor_) {
        proposer = proposer_;
        executor = executor_;
        minDelay = minDelay_;
        emit MinDelayChange(0, minDelay_);
    }

    function getMinDelay() external view returns (uint256) {
        return minDelay;
    }

    function getTimestamp(bytes32 id) external view returns (uint256) {
        return timestamps[id];
    }

    function hashOperation(address target, uint256 value, bytes calldata data, bytes32 predecessor, bytes32 salt) public pure returns (bytes32) {
        return keccak256(abi.encode(target, value, data, predecessor, salt));
    }

    function schedule(address target, uint256 value, bytes calldata data, bytes32 predecessor, bytes32 salt, uint256 delay) external {
        require(msg.sender == proposer, "GovTimelock: not proposer");
        require(delay >= minDelay, "GovTimelock: insufficient delay");
        bytes32 id = hashOperation(target, value, data, predecessor, salt);
        require(timestamps[id] == 0, "GovTimelock: operation already scheduled");
        timestamps[id] = block.timestamp + delay;
        emit CallScheduled(id, 0, target, value, data, predecessor, delay);
    }

    function execute(address target, uint256 value, bytes calldata data, bytes32 predecessor, bytes32 salt) external payable {
        require(msg.sender == executor, "GovTimelock: not executor");
        bytes32 id = hashOperation(target, value, data, predecessor, salt);
        uint256 ready = timestamps[id];
        require(ready > DONE_TIMESTAMP && ready <= block.timestamp, "GovTimelock: operation is not ready");
        require(predecessor == bytes32(0) || timestamps[predecessor] == DONE_TIMESTAMP, "GovTimelock: missing dependency");
        (bool ok, bytes memory ret) = target.call{value: value}(data);
        if (!ok) {
            assembly { revert(add(ret, 32), mload(ret)) }
        }
        emit CallExecuted(id, 0, target, value, data);
        timestamps[id] = DONE_TIMESTAMP;
    }

    function cancel(bytes32 id) external {
        require(msg.sender == proposer, "GovTimelock: not proposer");
        require(timestamps[id] > DONE_TIMESTAMP, "GovTimelock: operation cannot be cancelled");
        delete timestamps[id];
        emit Cancelled(id);
    }

    /// @notice Only the timelock itself (a scheduled operation) can change the delay.
    function updateDelay(uint256 newDelay) external {
        require(msg.sender == address(this), "GovTimelock: caller must be timelock");
        emit MinDelayChange(minDelay, newDelay);
        minDelay = newDelay;
    }
}
