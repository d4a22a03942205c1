/**
 * LineaRollup (L1 message service) events, exactly as in shared/reference/events.md
 * (Consensys/linea-monorepo ILineaRollupBase, IShnarfDataAcceptorBase, messaging interfaces).
 */
import { parseAbi, parseAbiItem } from 'viem';

export const dataSubmittedV3 = parseAbiItem('event DataSubmittedV3(bytes32 parentShnarf, bytes32 indexed shnarf, bytes32 finalStateRootHash)');
export const dataFinalizedV3 = parseAbiItem('event DataFinalizedV3(uint256 indexed startBlockNumber, uint256 indexed endBlockNumber, bytes32 indexed shnarf, bytes32 parentStateRootHash, bytes32 finalStateRootHash)');
export const messageSent = parseAbiItem('event MessageSent(address indexed _from, address indexed _to, uint256 _fee, uint256 _value, uint256 _nonce, bytes _calldata, bytes32 indexed _messageHash)');
export const rollingHashUpdated = parseAbiItem('event RollingHashUpdated(uint256 indexed messageNumber, bytes32 indexed rollingHash, bytes32 indexed messageHash)');
export const messageClaimed = parseAbiItem('event MessageClaimed(bytes32 indexed _messageHash)');

export const rollupEvents = [dataSubmittedV3, dataFinalizedV3] as const;
export const messageEvents = [messageSent, rollingHashUpdated, messageClaimed] as const;

/** Entry points the emulator exposes with the real selectors (LineaRollup V6). */
export const lineaRollupCalls = parseAbi([
  'struct BlobSubmission { uint256 dataEvaluationClaim; bytes kzgCommitment; bytes kzgProof; bytes32 finalStateRootHash; bytes32 snarkHash; }',
  'function submitBlobs(BlobSubmission[] _blobSubmissions, bytes32 _parentShnarf, bytes32 _finalBlobShnarf)',
  'struct ShnarfData { bytes32 parentShnarf; bytes32 snarkHash; bytes32 finalStateRootHash; bytes32 dataEvaluationPoint; bytes32 dataEvaluationClaim; }',
  'struct FinalizationDataV3 { bytes32 parentStateRootHash; uint256 endBlockNumber; ShnarfData shnarfData; uint256 lastFinalizedTimestamp; uint256 finalTimestamp; bytes32 lastFinalizedL1RollingHash; bytes32 l1RollingHash; uint256 lastFinalizedL1RollingHashMessageNumber; uint256 l1RollingHashMessageNumber; uint256 l2MerkleTreesDepth; bytes32[] l2MerkleRoots; bytes l2MessagingBlocksOffsets; }',
  'function finalizeBlocks(bytes _aggregatedProof, uint256 _proofType, FinalizationDataV3 _finalizationData)',
  'function sendMessage(address _to, uint256 _fee, bytes _calldata) payable',
  'function claimMessage(address _from, address _to, uint256 _fee, uint256 _value, address _feeRecipient, bytes _calldata, uint256 _nonce)',
]);
