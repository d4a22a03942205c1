/**
 * OP Stack L1 ABIs: the events rollscope reads and the functions whose calldata or views it
 * decodes, with the exact canonical signatures of /work/shared/reference/events.md (OP Stack
 * section: contracts-bedrock 0.17.3 portals, L2OutputOracle, DisputeGameFactory, FaultDisputeGame,
 * L1StandardBridge, SystemConfig). abi.test.ts checks every topic0 and selector against it.
 */
import { parseAbi, type AbiEvent } from 'viem';

/** OptimismPortal (legacy) and OptimismPortal2 (fault proofs) share the deposit/withdrawal events. */
export const portalEvents = parseAbi([
  'event TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData)',
  'event WithdrawalProven(bytes32 indexed withdrawalHash, address indexed from, address indexed to)',
  'event WithdrawalProvenExtension1(bytes32 indexed withdrawalHash, address indexed proofSubmitter)',
  'event WithdrawalFinalized(bytes32 indexed withdrawalHash, bool success)',
  'event DisputeGameBlacklisted(address indexed disputeGame)',
  'event RespectedGameTypeSet(uint32 indexed newGameType, uint64 indexed updatedAt)',
]);

export const l2OutputOracleEvents = parseAbi([
  'event OutputProposed(bytes32 indexed outputRoot, uint256 indexed l2OutputIndex, uint256 indexed l2BlockNumber, uint256 l1Timestamp)',
  'event OutputsDeleted(uint256 indexed prevNextOutputIndex, uint256 indexed newNextOutputIndex)',
]);

export const disputeGameFactoryEvents = parseAbi([
  'event DisputeGameCreated(address indexed disputeProxy, uint32 indexed gameType, bytes32 indexed rootClaim)',
  'event ImplementationSet(address indexed impl, uint32 indexed gameType)',
  'event InitBondUpdated(uint32 indexed gameType, uint256 indexed newBond)',
]);

/** FaultDisputeGame and PermissionedDisputeGame (clones created by the factory). */
export const faultDisputeGameEvents = parseAbi([
  'event Move(uint256 indexed parentIndex, bytes32 indexed claim, address indexed claimant)',
  'event Resolved(uint8 indexed status)',
]);

export const l1StandardBridgeEvents = parseAbi([
  'event ETHDepositInitiated(address indexed from, address indexed to, uint256 amount, bytes extraData)',
  'event ERC20DepositInitiated(address indexed l1Token, address indexed l2Token, address indexed from, address to, uint256 amount, bytes extraData)',
  'event ETHBridgeInitiated(address indexed from, address indexed to, uint256 amount, bytes extraData)',
  'event ERC20BridgeInitiated(address indexed localToken, address indexed remoteToken, address indexed from, address to, uint256 amount, bytes extraData)',
  'event ETHWithdrawalFinalized(address indexed from, address indexed to, uint256 amount, bytes extraData)',
  'event ERC20WithdrawalFinalized(address indexed l1Token, address indexed l2Token, address indexed from, address to, uint256 amount, bytes extraData)',
  'event ETHBridgeFinalized(address indexed from, address indexed to, uint256 amount, bytes extraData)',
  'event ERC20BridgeFinalized(address indexed localToken, address indexed remoteToken, address indexed from, address to, uint256 amount, bytes extraData)',
]);

export const systemConfigEvents = parseAbi([
  'event ConfigUpdate(uint256 indexed version, uint8 indexed updateType, bytes data)',
]);

export const opStackEvents = [
  ...portalEvents, ...l2OutputOracleEvents, ...disputeGameFactoryEvents, ...faultDisputeGameEvents,
  ...l1StandardBridgeEvents, ...systemConfigEvents,
] as const satisfies readonly AbiEvent[];

export function eventOf<const E extends readonly AbiEvent[], N extends E[number]['name']>(events: E, name: N): Extract<E[number], { name: N }> {
  const e = events.find((x) => x.name === name);
  if (!e) throw new Error(`no event ${name} in this ABI`);
  return e as Extract<E[number], { name: N }>;
}

// ---------------------------------------------------------------------------------------------
// Calls decoded from L1 transaction input

const withdrawalStruct = 'struct WithdrawalTransaction { uint256 nonce; address sender; address target; uint256 value; uint256 gasLimit; bytes data; }';
const outputRootProofStruct = 'struct OutputRootProof { bytes32 version; bytes32 stateRoot; bytes32 messagePasserStorageRoot; bytes32 latestBlockhash; }';

export const disputeGameFactoryFunctions = parseAbi([
  'function create(uint32 _gameType, bytes32 _rootClaim, bytes _extraData) payable returns (address proxy_)',
]);

export const portalFunctions = parseAbi([
  withdrawalStruct,
  outputRootProofStruct,
  'function depositTransaction(address _to, uint256 _value, uint64 _gasLimit, bool _isCreation, bytes _data) payable',
  'function proveWithdrawalTransaction(WithdrawalTransaction _tx, uint256 _disputeGameIndex, OutputRootProof _outputRootProof, bytes[] _withdrawalProof)',
  'function finalizeWithdrawalTransaction(WithdrawalTransaction _tx)',
  'function finalizeWithdrawalTransactionExternalProof(WithdrawalTransaction _tx, address _proofSubmitter)',
]);

/** CrossDomainMessenger.relayMessage: the data of deposits to L2CrossDomainMessenger and of withdrawals from it. */
export const messengerFunctions = parseAbi([
  'function relayMessage(uint256 _nonce, address _sender, address _target, uint256 _value, uint256 _minGasLimit, bytes _message) payable',
]);

/** StandardBridge finalization calls relayed by the messengers (L2 side for deposits, L1 side for withdrawals). */
export const standardBridgeFunctions = parseAbi([
  'function finalizeBridgeETH(address _from, address _to, uint256 _amount, bytes _extraData) payable',
  'function finalizeBridgeERC20(address _localToken, address _remoteToken, address _from, address _to, uint256 _amount, bytes _extraData)',
  'function finalizeETHWithdrawal(address _from, address _to, uint256 _amount, bytes _extraData) payable',
  'function finalizeERC20Withdrawal(address _l1Token, address _l2Token, address _from, address _to, uint256 _amount, bytes _extraData)',
]);

// ---------------------------------------------------------------------------------------------
// Views read through DecodeContext.readContract

export const l2OutputOracleViews = parseAbi([
  'function finalizationPeriodSeconds() view returns (uint256)',
  'function FINALIZATION_PERIOD_SECONDS() view returns (uint256)',
  'function submissionInterval() view returns (uint256)',
  'function SUBMISSION_INTERVAL() view returns (uint256)',
]);

export const portal2Views = parseAbi([
  'function proofMaturityDelaySeconds() view returns (uint256)',
  'function disputeGameFinalityDelaySeconds() view returns (uint256)',
  'function respectedGameType() view returns (uint32)',
]);

export const faultDisputeGameViews = parseAbi([
  'function l2BlockNumber() view returns (uint256)',
  'function maxClockDuration() view returns (uint64)',
  'function claimDataLen() view returns (uint256)',
  'function claimData(uint256) view returns (uint32 parentIndex, address counteredBy, address claimant, uint128 bond, bytes32 claim, uint128 position, uint128 clock)',
]);

export const systemConfigViews = parseAbi([
  'function batcherHash() view returns (bytes32)',
]);

/** L2 predeploys (contracts-bedrock Predeploys.sol), lowercase. */
export const L2_CROSS_DOMAIN_MESSENGER = '0x4200000000000000000000000000000000000007';
export const L2_STANDARD_BRIDGE = '0x4200000000000000000000000000000000000010';
export const L2_TO_L1_MESSAGE_PASSER = '0x4200000000000000000000000000000000000016';
