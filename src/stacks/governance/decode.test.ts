/**
 * decodeGovernance on logs encoded by viem from the exact ABIs: the stack-specific families the
 * devnet `upgrade` scenario does not emit (zkSync diamond, Linea pause types, StarkWare proxy,
 * SuperchainConfig guardian, BoLD named events, Scroll operators), block ranges of contracts,
 * the timelock/executor attribution of a transaction, and the wrapper's routing of sources.
 */
import { describe, expect, it } from 'vitest';
import { encodeAbiParameters } from 'viem';
import type { Address, Hex, LineaRollup, ScrollRollup, StarknetRollup, ZkSyncRollup, ArbitrumRollup } from '../../rollups/types.ts';
import { batchOf, contextOf, logOf, txOf } from '../zk-common/testing.ts';
import { emptyFacts, type StackIndexer } from '../types.ts';
import * as abi from './abi.ts';
import { decodeGovernance } from './decode.ts';
import { governanceSources } from './sources.ts';
import { withGovernance } from './index.ts';
import { governanceSetupOf, watchedContracts } from './contracts.ts';

const A = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address;
const H = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex;
const base = { l1ChainId: 1, l2ChainId: 999, startBlock: 100, name: 'test' };

const zk: ZkSyncRollup = { ...base, id: 'zk', stack: 'zksync', contracts: { diamondProxy: { address: A(0xd1), fromBlock: 100 } }, forcedPath: 'priority-queue' };
const linea: LineaRollup = { ...base, id: 'li', stack: 'linea', contracts: { lineaRollup: { address: A(0x11), fromBlock: 100 } }, forcedPath: 'none' };
const starknet: StarknetRollup = { ...base, id: 'sn', stack: 'starknet', contracts: { core: { address: A(0x5a), fromBlock: 100 } }, forcedPath: 'none' };
const scroll: ScrollRollup = {
  ...base, id: 'sc', stack: 'scroll', contracts: { scrollChain: { address: A(0x5c), fromBlock: 100 }, l1MessageQueueV1: { address: A(0x5d), fromBlock: 100 } },
  forcedPath: 'enforced-batch-mode', enforcedBatchParameters: { maxDelayEnterEnforcedModeSeconds: 1, maxDelayMessageQueueSeconds: 1 },
};
const arb: ArbitrumRollup = {
  ...base, id: 'arb', stack: 'arbitrum', dataAvailability: 'rollup', l2GenesisBlock: 0,
  contracts: {
    sequencerInbox: { address: A(0xa1), fromBlock: 100 }, bridge: { address: A(0xa2), fromBlock: 100 }, inbox: { address: A(0xa3), fromBlock: 100 },
    outbox: { address: A(0xa4), fromBlock: 100 }, legacyRollup: { address: A(0xa5), fromBlock: 100, toBlock: 200 }, boldRollup: { address: A(0xa6), fromBlock: 150 },
  },
  governance: { contracts: { timelock: { address: A(0x71), fromBlock: 100 }, upgradeExecutor: { address: A(0x72), fromBlock: 100 }, superchainConfig: { address: A(0x73), fromBlock: 100 } } },
};

const decode = async (def: Parameters<typeof decodeGovernance>[0], logs: ReturnType<typeof logOf>[], ctx = contextOf()) => {
  const [source] = governanceSources(def);
  const froms = [...new Set(logs.map((l) => l.transactionHash))].map((hash) =>
    txOf({ hash, blockNumber: logs.find((l) => l.transactionHash === hash)!.blockNumber, from: A(0xee), to: A(0), input: '0x' }));
  return (await decodeGovernance(def, batchOf(source!, logs, froms), ctx)).governanceEvents;
};

describe('decodeGovernance', () => {
  it('zkSync diamond: cuts are upgrades, freeze/unfreeze are pauses, admin handover, validators', async () => {
    const at = (logIndex: number) => ({ address: A(0xd1), blockNumber: 120, logIndex, transactionHash: H(1) });
    const rows = await decode(zk, [
      logOf(abi.diamondCut, { facetCuts: [{ facet: A(0xf1), action: 0, isFreezable: true, selectors: ['0x12345678', '0x9abcdef0'] }], initAddress: A(0x1a), initCalldata: '0xdeadbeef00' }, at(0)),
      logOf(abi.freeze, {}, at(1)),
      logOf(abi.unfreeze, {}, at(2)),
      logOf(abi.newPendingAdmin, { oldPendingAdmin: A(0), newPendingAdmin: A(0xad) }, at(3)),
      logOf(abi.newAdmin, { oldAdmin: A(0xac), newAdmin: A(0xad) }, at(4)),
      logOf(abi.validatorStatusUpdate, { validatorAddress: A(0x77), isActive: true }, at(5)),
    ]);
    expect(rows.map((r) => [r.kind, r.scope, r.oldValue, r.newValue])).toEqual([
      ['UPGRADED', 'diamond', null, A(0x1a)],
      ['PAUSED', '', null, null],
      ['UNPAUSED', '', null, null],
      ['ADMIN_TRANSFER_STARTED', '', A(0), A(0xad)],
      ['ADMIN_CHANGED', '', A(0xac), A(0xad)],
      ['OPERATOR_SET', 'VALIDATOR', null, A(0x77)],
    ]);
    expect(rows[0]!.extra).toEqual({ facets: [{ facet: A(0xf1), action: 0, isFreezable: true, selectors: 2 }], initSelector: '0xdeadbeef' });
    expect(rows.every((r) => r.contractRole === 'diamondProxy' && r.actor === A(0xee) && r.rollupId === 'zk')).toBe(true);
  });

  it('Linea: pause types of both PauseManager versions and expiry', async () => {
    const at = (logIndex: number) => ({ address: A(0x11), blockNumber: 130, logIndex, transactionHash: H(2) });
    const rows = await decode(linea, [
      logOf(abi.lineaPaused, { messageSender: A(0x99), pauseType: 1 }, at(0)),
      logOf(abi.lineaPausedV5, { messageSender: A(0x99), pauseType: 5n }, at(1)),
      logOf(abi.lineaUnPaused, { messageSender: A(0x98), pauseType: 1 }, at(2)),
      logOf(abi.lineaUnPausedV5, { messageSender: A(0x98), pauseType: 5n }, at(3)),
      logOf(abi.lineaUnPausedDueToExpiry, { pauseType: 6 }, at(4)),
    ]);
    expect(rows.map((r) => [r.kind, r.scope, r.newValue])).toEqual([
      ['PAUSED', '1', A(0x99)], ['PAUSED', '5', A(0x99)], ['UNPAUSED', '1', A(0x98)], ['UNPAUSED', '5', A(0x98)], ['UNPAUSED', '6', null],
    ]);
    expect(rows[4]!.extra).toEqual({ expired: true });
  });

  it('StarkWare proxy: an added implementation is scheduled with the delay read at its block', async () => {
    const at = (logIndex: number, blockNumber = 140) => ({ address: A(0x5a), blockNumber, logIndex, transactionHash: H(blockNumber), blockTime: 1_000 + blockNumber });
    const ctx = contextOf({ calls: { getUpgradeActivationDelay: () => 691_200n } });
    const rows = await decode(starknet, [
      logOf(abi.implementationAdded, { implementation: A(0x1b), initializer: '0x0102', finalize: false }, at(0)),
      logOf(abi.implementationRemovedLegacy, { implementation: A(0x1c) }, at(1)),
      logOf(abi.upgraded, { implementation: A(0x1b) }, at(0, 160)),
      logOf(abi.finalizedImplementation, { implementation: A(0x1b) }, at(1, 160)),
    ], ctx);
    expect(rows.map((r) => [r.kind, r.newValue, r.delaySeconds])).toEqual([
      ['UPGRADE_SCHEDULED', A(0x1b), 691_200], ['UPGRADE_CANCELLED', A(0x1c), null], ['UPGRADED', A(0x1b), null], ['UPGRADE_FINALIZED', A(0x1b), null],
    ]);
    expect(rows[0]!.extra).toEqual({ finalize: false, initializerBytes: 2, readyAt: 1_140 + 691_200 });
    expect(ctx.seen).toEqual([{ functionName: 'getUpgradeActivationDelay', blockNumber: 140 }]);
  });

  it('Scroll: sequencer and prover allow-list changes', async () => {
    const at = (logIndex: number) => ({ address: A(0x5c), blockNumber: 130, logIndex, transactionHash: H(3) });
    const rows = await decode(scroll, [
      logOf(abi.updateSequencer, { account: A(0x51), status: true }, at(0)),
      logOf(abi.updateProver, { account: A(0x52), status: false }, at(1)),
    ]);
    expect(rows.map((r) => [r.kind, r.scope, r.newValue, r.extra])).toEqual([
      ['OPERATOR_SET', 'SEQUENCER', A(0x51), { enabled: true }], ['OPERATOR_SET', 'PROVER', A(0x52), { enabled: false }],
    ]);
  });

  it('Arbitrum: BoLD named admin events, validators one row each, guardian, timelock + executor attribution, contract ranges', async () => {
    const tx = H(9);
    const rows = await decode(arb, [
      // one transaction: timelock executes → executor calls → the BoLD rollup is reconfigured
      logOf(abi.validatorWhitelistDisabledSet, { _validatorWhitelistDisabled: true }, { address: A(0xa6), blockNumber: 170, logIndex: 0, transactionHash: tx }),
      logOf(abi.validatorsSet, { validators: [A(0x61), A(0x62)], enabled: [true, false] }, { address: A(0xa6), blockNumber: 170, logIndex: 1, transactionHash: tx }),
      logOf(abi.targetCallExecuted, { target: A(0xa6), value: 0n, data: '0xabcdef0100' }, { address: A(0x72), blockNumber: 170, logIndex: 2, transactionHash: tx }),
      logOf(abi.callExecuted, { id: H(0x1d), index: 0n, target: A(0x72), value: 0n, data: '0x1234567800' }, { address: A(0x71), blockNumber: 170, logIndex: 3, transactionHash: tx }),
      // the legacy rollup after its toBlock: ignored; the BoLD rollup before its fromBlock: ignored
      logOf(abi.upgraded, { implementation: A(0x1e) }, { address: A(0xa5), blockNumber: 201, logIndex: 0, transactionHash: H(10) }),
      logOf(abi.upgraded, { implementation: A(0x1f) }, { address: A(0xa6), blockNumber: 149, logIndex: 0, transactionHash: H(11) }),
      // SuperchainConfig v1 guardian and pause
      logOf(abi.superchainConfigUpdate, { updateType: 0, data: encodeAbiParameters([{ type: 'address' }], [A(0x6a)]) }, { address: A(0x73), blockNumber: 180, logIndex: 0, transactionHash: H(12) }),
      logOf(abi.pausedIdentifier, { identifier: 'incident 7' }, { address: A(0x73), blockNumber: 180, logIndex: 1, transactionHash: H(12) }),
    ]);
    const via = { viaTimelock: A(0x71), operationId: H(0x1d), viaExecutor: A(0x72) };
    expect(rows.map((r) => [r.contractRole, r.kind, r.subIndex, r.newValue, r.extra])).toEqual([
      ['boldRollup', 'VALIDATOR_WHITELIST_SET', 0, 'true', via],
      ['boldRollup', 'OPERATOR_SET', 0, A(0x61), { enabled: true, ...via }],
      ['boldRollup', 'OPERATOR_SET', 1, A(0x62), { enabled: false, ...via }],
      ['upgradeExecutor', 'ADMIN_CALL_EXECUTED', 0, A(0xa6), { value: '0', selector: '0xabcdef01', viaTimelock: A(0x71), operationId: H(0x1d) }],
      ['timelock', 'CALL_EXECUTED', 0, A(0x72), { operationId: H(0x1d), index: '0', target: A(0x72), value: '0', selector: '0x12345678', viaExecutor: A(0x72) }],
      ['superchainConfig', 'GUARDIAN_CHANGED', 0, A(0x6a), null],
      ['superchainConfig', 'PAUSED', 0, null, { identifier: 'incident 7' }],
    ]);
  });

  it('legacy Arbitrum rollup OwnerFunctionCalled(30) adds the whitelist flag read at its block', async () => {
    const ctx = contextOf({ calls: { validatorWhitelistDisabled: () => 1n } });
    const rows = await decode(arb, [logOf(abi.ownerFunctionCalled, { id: 30n }, { address: A(0xa5), blockNumber: 150, logIndex: 4, transactionHash: H(13) })], ctx);
    expect(rows.map((r) => [r.kind, r.subIndex, r.scope, r.newValue])).toEqual([['ADMIN_ACTION', 0, '30', null], ['VALIDATOR_WHITELIST_SET', 1, '', 'true']]);
    expect(rows[0]!.extra).toEqual({ ownerFunctionId: 30, function: 'setValidatorWhitelistDisabled' });
    // On the sequencer inbox the same id means something else: no name, no read.
    const inbox = await decode(arb, [logOf(abi.ownerFunctionCalled, { id: 30n }, { address: A(0xa1), blockNumber: 150, logIndex: 4, transactionHash: H(14) })]);
    expect(inbox.map((r) => [r.kind, r.extra])).toEqual([['ADMIN_ACTION', { ownerFunctionId: 30 }]]);
  });
});

describe('governance sources and the stack wrapper', () => {
  it('watches every definition contract and every governance contract once, over their union range', () => {
    const [s] = governanceSources(arb);
    expect(s!.id).toBe('governance');
    expect(s!.addresses).toEqual([0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0x71, 0x72, 0x73].map(A));
    expect([s!.fromBlock, s!.toBlock, s!.withTransactions]).toEqual([100, undefined, true]);
    expect(watchedContracts(arb).find((c) => c.address === A(0xa5))).toMatchObject({ role: 'legacyRollup', toBlock: 200 });
  });

  it('gives mainnet rollups their verified governance contracts (definition values win)', () => {
    const one = { ...arb, id: 'arbitrum-one' };
    expect(governanceSetupOf(one).instantUpgradePath).toBe(true);
    expect(Object.keys(governanceSetupOf(one).contracts!).sort()).toEqual(['proxyAdmin', 'superchainConfig', 'timelock', 'upgradeExecutor']);
    expect(governanceSetupOf({ ...one, l1ChainId: 11155111 }).instantUpgradePath).toBeUndefined();
    expect(governanceSetupOf({ ...one, governance: { instantUpgradePath: false } }).instantUpgradePath).toBe(false);
  });

  it('routes the governance source to decodeGovernance and every other source to the stack', async () => {
    const calls: string[] = [];
    const inner: StackIndexer<ArbitrumRollup> & { extra: number } = {
      stack: 'arbitrum', extra: 7,
      sources: () => [{ kind: 'logs', id: 'sequencer-inbox', chainId: 1, addresses: [], topics: [], fromBlock: 1 }],
      decode: async (_d, b) => { calls.push(b.source.id); return emptyFacts(); },
    };
    const wrapped = withGovernance(inner);
    expect(wrapped.extra).toBe(7);
    const sources = wrapped.sources(arb);
    expect(sources.map((s) => s.id)).toEqual(['sequencer-inbox', 'governance']);
    const log = logOf(abi.upgraded, { implementation: A(0x1e) }, { address: A(0xa2), blockNumber: 120, logIndex: 0, transactionHash: H(20) });
    const facts = await wrapped.decode(arb, { ...batchOf(sources[1]!, [log]), source: { ...sources[1]!, id: 'arb:governance' } }, contextOf());
    expect(facts.governanceEvents.map((r) => r.kind)).toEqual(['UPGRADED']);
    await wrapped.decode(arb, batchOf(sources[0]!, []), contextOf());
    expect(calls).toEqual(['sequencer-inbox']);
  });
});
