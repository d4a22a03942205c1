// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// Emulator of the ArbSys precompile (0x64 on an Arbitrum L2), installed with anvil_setCode on the
/// L2 anvil: sendTxToL1 emits the real L2ToL1Tx event. `hash` is the Outbox item hash
/// keccak256(abi.encodePacked(caller, destination, arbBlockNum, ethBlockNum, timestamp, callvalue, data))
/// and `position` the leaf index in the send Merkle tree (level 0).
contract ArbSys {
    event L2ToL1Tx(
        address caller,
        address indexed destination,
        uint256 indexed hash,
        uint256 indexed position,
        uint256 arbBlockNum,
        uint256 ethBlockNum,
        uint256 timestamp,
        uint256 callvalue,
        bytes data
    );

    uint256 public sendCount;
    /// L1 block number the L2 currently reports (set by the simulator; ArbOS reads it from L1).
    uint256 public l1BlockNumber;

    function setL1BlockNumber(uint256 n) external {
        l1BlockNumber = n;
    }

    function arbBlockNumber() external view returns (uint256) {
        return block.number;
    }

    function arbChainID() external view returns (uint256) {
        return block.chainid;
    }

    function withdrawEth(address destination) external payable returns (uint256) {
        return sendTxToL1(destination, "");
    }

    function sendTxToL1(address destination, bytes memory data) public payable returns (uint256 position) {
        bytes32 h = keccak256(abi.encodePacked(msg.sender, destination, block.number, l1BlockNumber, block.timestamp, msg.value, data));
        position = sendCount++;
        emit L2ToL1Tx(msg.sender, destination, uint256(h), position, block.number, l1BlockNumber, block.timestamp, msg.value, data);
    }
}
