/**
 * Starknet core contract events, exactly as in shared/reference/events.md (StarkWare
 * IStarknetMessagingEvents / Starknet.sol). LogMessageToL2 has two versions: the current one with
 * `fee` and the legacy one (pre-v0.11) without — different topic0s, both decoded.
 */
import { parseAbi, parseAbiItem } from 'viem';

export const logStateUpdate = parseAbiItem('event LogStateUpdate(uint256 globalRoot, int256 blockNumber, uint256 blockHash)');
export const logMessageToL2 = parseAbiItem('event LogMessageToL2(address indexed fromAddress, uint256 indexed toAddress, uint256 indexed selector, uint256[] payload, uint256 nonce, uint256 fee)');
export const logMessageToL2Legacy = parseAbiItem('event LogMessageToL2(address indexed from_address, uint256 indexed to_address, uint256 indexed selector, uint256[] payload, uint256 nonce)');
export const consumedMessageToL2 = parseAbiItem('event ConsumedMessageToL2(address indexed fromAddress, uint256 indexed toAddress, uint256 indexed selector, uint256[] payload, uint256 nonce)');
export const logMessageToL1 = parseAbiItem('event LogMessageToL1(uint256 indexed fromAddress, address indexed toAddress, uint256[] payload)');
export const consumedMessageToL1 = parseAbiItem('event ConsumedMessageToL1(uint256 indexed fromAddress, address indexed toAddress, uint256[] payload)');

export const stateEvents = [logStateUpdate] as const;
export const messageEvents = [logMessageToL2, logMessageToL2Legacy, consumedMessageToL2, logMessageToL1, consumedMessageToL1] as const;

/** Core contract calls: state updates (emulator entry points, real selectors) and the getter the decoder reads. */
export const coreCalls = parseAbi([
  'function updateState(uint256[] programOutput, uint256 onchainDataHash, uint256 onchainDataSize)',
  'function updateStateKzgDA(uint256[] programOutput, bytes[] kzgProofs)',
  'function sendMessageToL2(uint256 toAddress, uint256 selector, uint256[] payload) payable returns (bytes32, uint256)',
  'function consumeMessageFromL2(uint256 fromAddress, uint256[] payload) returns (bytes32)',
  'function stateBlockNumber() view returns (int256)',
]);
