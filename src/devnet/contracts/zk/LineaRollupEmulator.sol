// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// LineaRollup (V6) emulator: submitBlobs / finalizeBlocks / sendMessage / claimMessage with the
/// real signatures and events. Shnarfs chain like mainnet's: keccak256(parentShnarf, snarkHash,
/// finalStateRootHash, dataEvaluationPoint, dataEvaluationClaim); the evaluation point here is
/// keccak256(snarkHash, blobhash) instead of the real KZG point (no point evaluation precompile).
contract LineaRollupEmulator {
    struct BlobSubmission {
        uint256 dataEvaluationClaim;
        bytes kzgCommitment;
        bytes kzgProof;
        bytes32 finalStateRootHash;
        bytes32 snarkHash;
    }
    struct ShnarfData {
        bytes32 parentShnarf;
        bytes32 snarkHash;
        bytes32 finalStateRootHash;
        bytes32 dataEvaluationPoint;
        bytes32 dataEvaluationClaim;
    }
    struct FinalizationDataV3 {
        bytes32 parentStateRootHash;
        uint256 endBlockNumber;
        ShnarfData shnarfData;
        uint256 lastFinalizedTimestamp;
        uint256 finalTimestamp;
        bytes32 lastFinalizedL1RollingHash;
        bytes32 l1RollingHash;
        uint256 lastFinalizedL1RollingHashMessageNumber;
        uint256 l1RollingHashMessageNumber;
        uint256 l2MerkleTreesDepth;
        bytes32[] l2MerkleRoots;
        bytes l2MessagingBlocksOffsets;
    }

    event DataSubmittedV3(bytes32 parentShnarf, bytes32 indexed shnarf, bytes32 finalStateRootHash);
    event DataFinalizedV3(uint256 indexed startBlockNumber, uint256 indexed endBlockNumber, bytes32 indexed shnarf, bytes32 parentStateRootHash, bytes32 finalStateRootHash);
    event MessageSent(address indexed _from, address indexed _to, uint256 _fee, uint256 _value, uint256 _nonce, bytes _calldata, bytes32 indexed _messageHash);
    event RollingHashUpdated(uint256 indexed messageNumber, bytes32 indexed rollingHash, bytes32 indexed messageHash);
    event MessageClaimed(bytes32 indexed _messageHash);

    address public immutable operator;
    uint256 public currentL2BlockNumber;
    bytes32 public currentFinalizedState;
    uint256 public nextMessageNumber = 1;
    mapping(bytes32 => bool) public blobShnarfExists;
    mapping(uint256 => bytes32) public rollingHashes;
    mapping(bytes32 => bool) public claimable;

    constructor(address _operator, bytes32 _genesisShnarf, bytes32 _genesisStateRoot) {
        operator = _operator;
        blobShnarfExists[_genesisShnarf] = true;
        currentFinalizedState = _genesisStateRoot;
    }

    function shnarfOf(ShnarfData memory d) public pure returns (bytes32) {
        return keccak256(abi.encode(d.parentShnarf, d.snarkHash, d.finalStateRootHash, d.dataEvaluationPoint, d.dataEvaluationClaim));
    }

    function submitBlobs(BlobSubmission[] calldata _blobSubmissions, bytes32 _parentShnarf, bytes32 _finalBlobShnarf) external {
        require(msg.sender == operator, "Linea: not operator");
        require(_blobSubmissions.length > 0, "Linea: no blobs");
        require(blobShnarfExists[_parentShnarf], "Linea: parent shnarf missing");
        bytes32 shnarf = _parentShnarf;
        for (uint256 i = 0; i < _blobSubmissions.length; i++) {
            bytes32 vh = blobhash(i);
            require(vh != bytes32(0), "Linea: missing blob");
            BlobSubmission calldata s = _blobSubmissions[i];
            shnarf = shnarfOf(ShnarfData(shnarf, s.snarkHash, s.finalStateRootHash, keccak256(abi.encode(s.snarkHash, vh)), bytes32(s.dataEvaluationClaim)));
        }
        require(shnarf == _finalBlobShnarf, "Linea: final shnarf mismatch");
        blobShnarfExists[shnarf] = true;
        emit DataSubmittedV3(_parentShnarf, shnarf, _blobSubmissions[_blobSubmissions.length - 1].finalStateRootHash);
    }

    function finalizeBlocks(bytes calldata, uint256, FinalizationDataV3 calldata d) external {
        require(msg.sender == operator, "Linea: not operator");
        require(d.endBlockNumber > currentL2BlockNumber, "Linea: final block must advance");
        require(d.parentStateRootHash == currentFinalizedState, "Linea: parent state root mismatch");
        bytes32 shnarf = shnarfOf(d.shnarfData);
        require(blobShnarfExists[shnarf], "Linea: final shnarf was not submitted");
        emit DataFinalizedV3(currentL2BlockNumber + 1, d.endBlockNumber, shnarf, d.parentStateRootHash, d.shnarfData.finalStateRootHash);
        currentL2BlockNumber = d.endBlockNumber;
        currentFinalizedState = d.shnarfData.finalStateRootHash;
        for (uint256 i = 0; i < d.l2MerkleRoots.length; i++) claimable[d.l2MerkleRoots[i]] = true;
    }

    function sendMessage(address _to, uint256 _fee, bytes calldata _calldata) external payable {
        require(msg.value >= _fee, "Linea: value below fee");
        uint256 n = nextMessageNumber++;
        uint256 valueSent = msg.value - _fee;
        bytes32 messageHash = keccak256(abi.encode(msg.sender, _to, _fee, valueSent, n, _calldata));
        bytes32 rolling = keccak256(abi.encode(rollingHashes[n - 1], messageHash));
        rollingHashes[n] = rolling;
        emit RollingHashUpdated(n, rolling, messageHash);
        emit MessageSent(msg.sender, _to, _fee, valueSent, n, _calldata, messageHash);
    }

    /// Claims an L2→L1 message whose hash a finalization made claimable (emulator: hash = merkle root entry).
    function claimMessage(address _from, address _to, uint256 _fee, uint256 _value, address, bytes calldata _calldata, uint256 _nonce) external {
        bytes32 messageHash = keccak256(abi.encode(_from, _to, _fee, _value, _nonce, _calldata));
        require(claimable[messageHash], "Linea: message not claimable");
        delete claimable[messageHash];
        emit MessageClaimed(messageHash);
    }
}
