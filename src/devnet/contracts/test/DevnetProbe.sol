// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// Minimal contract used by the devnet core tests (context, recorder, reorgs).
contract DevnetProbe {
    event Pinged(uint256 indexed n, address indexed from, bytes data);

    uint256 public count;

    function ping(bytes calldata data) external payable {
        emit Pinged(++count, msg.sender, data);
    }

    /// Number of blob versioned hashes attached to this tx (EIP-4844 BLOBHASH).
    function blobCount() external view returns (uint256 n) {
        while (blobhash(n) != bytes32(0)) n++;
    }
}
