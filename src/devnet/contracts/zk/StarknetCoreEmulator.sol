// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// Starknet core contract emulator: updateState / updateStateKzgDA read the StarknetOS program
/// output exactly as mainnet (header, optional KZG segment, messages to L1, messages to L2),
/// register L2→L1 messages, consume L1→L2 messages, and emit the real events. The state
/// transition fact is not checked against a verifier. Message hashes as StarknetMessaging.
contract StarknetCoreEmulator {
    event LogStateUpdate(uint256 globalRoot, int256 blockNumber, uint256 blockHash);
    event LogMessageToL2(address indexed fromAddress, uint256 indexed toAddress, uint256 indexed selector, uint256[] payload, uint256 nonce, uint256 fee);
    event ConsumedMessageToL2(address indexed fromAddress, uint256 indexed toAddress, uint256 indexed selector, uint256[] payload, uint256 nonce);
    event LogMessageToL1(uint256 indexed fromAddress, address indexed toAddress, uint256[] payload);
    event ConsumedMessageToL1(uint256 indexed fromAddress, address indexed toAddress, uint256[] payload);

    // StarknetOutput header offsets.
    uint256 internal constant PREV_BLOCK_NUMBER = 2;
    uint256 internal constant NEW_BLOCK_NUMBER = 3;
    uint256 internal constant NEW_STATE_ROOT = 1;
    uint256 internal constant PREV_STATE_ROOT = 0;
    uint256 internal constant NEW_BLOCK_HASH = 5;
    uint256 internal constant USE_KZG_DA = 8;
    uint256 internal constant HEADER_SIZE = 10;

    address public immutable operator;
    uint256 public stateRoot;
    int256 public stateBlockNumber;
    uint256 public stateBlockHash;
    uint256 public l1ToL2MessageNonce;
    mapping(bytes32 => uint256) public l1ToL2Messages;
    mapping(bytes32 => uint256) public l2ToL1Messages;

    constructor(address _operator, uint256 _genesisRoot, int256 _genesisBlock) {
        operator = _operator;
        stateRoot = _genesisRoot;
        stateBlockNumber = _genesisBlock;
    }

    function updateState(uint256[] calldata programOutput, uint256, uint256) external {
        _update(programOutput, false);
    }

    function updateStateKzgDA(uint256[] calldata programOutput, bytes[] calldata kzgProofs) external {
        require(kzgProofs.length > 0 && blobhash(kzgProofs.length - 1) != bytes32(0), "Starknet: one blob per proof");
        _update(programOutput, true);
    }

    function _update(uint256[] calldata o, bool kzg) internal {
        require(msg.sender == operator, "Starknet: not operator");
        require(o.length >= HEADER_SIZE + 2, "Starknet: program output too short");
        require(o[PREV_STATE_ROOT] == stateRoot, "Starknet: INVALID_PREVIOUS_ROOT");
        require(int256(o[PREV_BLOCK_NUMBER]) == stateBlockNumber || (stateBlockNumber < 0 && o[PREV_BLOCK_NUMBER] == type(uint256).max), "Starknet: INVALID_PREVIOUS_BLOCK_NUMBER");
        require((o[USE_KZG_DA] == 1) == kzg, "Starknet: DA mode mismatch");
        uint256 p = HEADER_SIZE;
        if (kzg) p += 2 + 4 * o[HEADER_SIZE + 1]; // z, n_blobs, commitments (2 felts each), evaluations (2 felts each)
        // Messages to L1: [segment size, then (from, to, payloadSize, payload...)*].
        uint256 end = p + 1 + o[p];
        p += 1;
        while (p < end) {
            uint256 size = o[p + 2];
            uint256[] memory payload = o[p + 3:p + 3 + size];
            address to = address(uint160(o[p + 1]));
            l2ToL1Messages[keccak256(abi.encodePacked(o[p], uint256(uint160(to)), size, payload))] += 1;
            emit LogMessageToL1(o[p], to, payload);
            p += 3 + size;
        }
        // Messages to L2: [segment size, then (from, to, nonce, selector, payloadSize, payload...)*].
        end = p + 1 + o[p];
        p += 1;
        while (p < end) {
            uint256 size = o[p + 4];
            uint256[] memory payload = o[p + 5:p + 5 + size];
            bytes32 h = keccak256(abi.encodePacked(o[p], o[p + 1], o[p + 2], o[p + 3], size, payload));
            require(l1ToL2Messages[h] > 0, "Starknet: INVALID_MESSAGE_TO_CONSUME");
            l1ToL2Messages[h] = 0;
            emit ConsumedMessageToL2(address(uint160(o[p])), o[p + 1], o[p + 3], payload, o[p + 2]);
            p += 5 + size;
        }
        stateRoot = o[NEW_STATE_ROOT];
        stateBlockNumber = int256(o[NEW_BLOCK_NUMBER]);
        stateBlockHash = o[NEW_BLOCK_HASH];
        emit LogStateUpdate(stateRoot, stateBlockNumber, stateBlockHash);
    }

    function sendMessageToL2(uint256 toAddress, uint256 selector, uint256[] calldata payload) external payable returns (bytes32, uint256) {
        require(msg.value > 0, "Starknet: L1_MSG_FEE_MUST_BE_GREATER_THAN_0");
        uint256 nonce = l1ToL2MessageNonce++;
        bytes32 h = keccak256(abi.encodePacked(uint256(uint160(msg.sender)), toAddress, nonce, selector, payload.length, payload));
        l1ToL2Messages[h] = msg.value + 1;
        emit LogMessageToL2(msg.sender, toAddress, selector, payload, nonce, msg.value);
        return (h, nonce);
    }

    function consumeMessageFromL2(uint256 fromAddress, uint256[] calldata payload) external returns (bytes32) {
        bytes32 h = keccak256(abi.encodePacked(fromAddress, uint256(uint160(msg.sender)), payload.length, payload));
        require(l2ToL1Messages[h] > 0, "Starknet: INVALID_MESSAGE_TO_CONSUME");
        l2ToL1Messages[h] -= 1;
        emit ConsumedMessageToL1(fromAddress, msg.sender, payload);
        return h;
    }
}
