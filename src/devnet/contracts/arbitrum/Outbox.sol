// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./Bridge.sol";

/// Emulator of nitro-contracts bridge/Outbox.sol: send roots learned from the rollup
/// (SendRootUpdated) and executeTransaction 0x08635a95 with the real item hash and Merkle proof
/// check (MerkleLib.calculateRoot), spent bitmap, OutBoxTransactionExecuted then the Bridge call.
contract Outbox {
    event SendRootUpdated(bytes32 indexed outputRoot, bytes32 indexed l2BlockHash);
    event OutBoxTransactionExecuted(address indexed to, address indexed l2Sender, uint256 indexed zero, uint256 transactionIndex);

    error NotRollup(address sender, address rollup);
    error NotOwner(address sender);
    error ProofTooLong(uint256 proofLength);
    error PathNotMinimal(uint256 index, uint256 maxIndex);
    error UnknownRoot(bytes32 root);
    error AlreadySpent(uint256 index);

    address public owner;
    address public rollup;
    Bridge public bridge;
    mapping(bytes32 => bytes32) public roots; // sendRoot => l2BlockHash
    mapping(uint256 => bytes32) public spent;
    address public l2ToL1Sender;

    constructor(Bridge bridge_) {
        owner = msg.sender;
        bridge = bridge_;
    }

    function setRollup(address rollup_) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        rollup = rollup_;
    }

    function updateSendRoot(bytes32 root, bytes32 l2BlockHash) external {
        if (msg.sender != rollup) revert NotRollup(msg.sender, rollup);
        roots[root] = l2BlockHash;
        emit SendRootUpdated(root, l2BlockHash);
    }

    function calculateItemHash(
        address l2Sender,
        address to,
        uint256 l2Block,
        uint256 l1Block,
        uint256 l2Timestamp,
        uint256 value,
        bytes calldata data
    ) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(l2Sender, to, l2Block, l1Block, l2Timestamp, value, data));
    }

    function calculateMerkleRoot(bytes32[] memory proof, uint256 path, bytes32 item) public pure returns (bytes32) {
        item = keccak256(abi.encodePacked(item));
        for (uint256 i = 0; i < proof.length; i++) {
            if ((path & 1) == 0) item = keccak256(abi.encodePacked(item, proof[i]));
            else item = keccak256(abi.encodePacked(proof[i], item));
            path >>= 1;
        }
        return item;
    }

    function isSpent(uint256 index) public view returns (bool) {
        return (uint256(spent[index / 255]) >> (index % 255)) & 1 == 1;
    }

    function executeTransaction(
        bytes32[] calldata proof,
        uint256 index,
        address l2Sender,
        address to,
        uint256 l2Block,
        uint256 l1Block,
        uint256 l2Timestamp,
        uint256 value,
        bytes calldata data
    ) external {
        bytes32 userTx = calculateItemHash(l2Sender, to, l2Block, l1Block, l2Timestamp, value, data);
        if (proof.length >= 256) revert ProofTooLong(proof.length);
        if (index >= 2 ** proof.length) revert PathNotMinimal(index, 2 ** proof.length);
        bytes32 calcRoot = calculateMerkleRoot(proof, index, userTx);
        if (roots[calcRoot] == bytes32(0)) revert UnknownRoot(calcRoot);
        if (isSpent(index)) revert AlreadySpent(index);
        spent[index / 255] = bytes32(uint256(spent[index / 255]) | (1 << (index % 255)));

        emit OutBoxTransactionExecuted(to, l2Sender, 0, index);
        l2ToL1Sender = l2Sender;
        (bool success, bytes memory returndata) = bridge.executeCall(to, value, data);
        l2ToL1Sender = address(0);
        if (!success) {
            assembly {
                revert(add(32, returndata), mload(returndata))
            }
        }
    }
}
