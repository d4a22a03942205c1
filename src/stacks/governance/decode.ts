/**
 * `decodeGovernance(definition, batch, ctx)`: governance_events rows from one range of the
 * governance source. One row per log (ValidatorsSet: one per validator; a legacy Arbitrum
 * OwnerFunctionCalled(30) also gets the whitelist flag read at its block as a second row).
 *
 * Within a transaction, every row records the timelock operation (`extra.viaTimelock`,
 * `extra.operationId`) and the upgrade executor (`extra.viaExecutor`) that ran it when their
 * CallExecuted / UpgradeExecuted / TargetCallExecuted log is in the same transaction: that is how
 * an upgrade executed through a timelock is told from an instant one. Logs of a transaction all lie
 * in one block, so one range always holds them together. No decoder state: ranges are independent.
 */
import { BaseError, ContractFunctionRevertedError, ContractFunctionZeroDataError } from 'viem';
import type { Address, RollupDefinition } from '../../rollups/types.ts';
import { emptyFacts, type DecodeContext, type Facts, type RawLog, type SourceBatch } from '../types.ts';
import { governanceViews } from './abi.ts';
import { watchedContracts, type WatchedContract } from './contracts.ts';
import { decoders, eventByTopic, type GovernanceEventName } from './events.ts';
import { logProvenance } from '../provenance.ts';

export type GovernanceRow = Facts['governanceEvents'][number];

export type GovernanceKind =
  | 'UPGRADED' | 'BEACON_UPGRADED' | 'ADMIN_CHANGED' | 'ADMIN_TRANSFER_STARTED' | 'OWNERSHIP_TRANSFERRED'
  | 'OWNERSHIP_TRANSFER_STARTED' | 'PAUSED' | 'UNPAUSED' | 'PAUSE_EXTENDED' | 'GUARDIAN_CHANGED'
  | 'TIMELOCK_DELAY_SET' | 'CALL_SCHEDULED' | 'CALL_EXECUTED' | 'CALL_CANCELLED' | 'UPGRADE_EXECUTED'
  | 'ADMIN_CALL_EXECUTED' | 'ROLE_GRANTED' | 'ROLE_REVOKED' | 'ADMIN_ACTION' | 'VALIDATOR_WHITELIST_SET'
  | 'OPERATOR_SET' | 'UPGRADE_SCHEDULED' | 'UPGRADE_CANCELLED' | 'UPGRADE_FINALIZED';

/** Kinds that replace the code behind a contract (what the exit window is about). */
export const UPGRADE_KINDS: readonly GovernanceKind[] = ['UPGRADED', 'BEACON_UPGRADED'];

/** One change a log announces, before provenance is added. */
interface Change {
  kind: GovernanceKind;
  scope?: string;
  oldValue?: string | null;
  newValue?: string | null;
  delaySeconds?: number | null;
  extra?: Record<string, unknown>;
}

/** Arbitrum Rollup OwnerFunctionCalled ids (RollupAdminLogic; BoLD v3.1 names each id in a "previously" comment). */
export const ROLLUP_OWNER_FUNCTIONS: Record<number, string> = {
  0: 'setOutbox', 1: 'removeOldOutbox', 2: 'setDelayedInbox', 3: 'pause', 4: 'resume', 6: 'setValidator', 7: 'setOwner',
  8: 'setMinimumAssertionPeriod', 9: 'setConfirmPeriodBlocks', 12: 'setBaseStake', 22: 'forceRefundStaker',
  23: 'forceCreateNode', 24: 'forceConfirmNode', 25: 'setLoserStakeEscrow', 26: 'setWasmModuleRoot',
  27: 'setSequencerInbox', 28: 'setInbox', 30: 'setValidatorWhitelistDisabled', 31: 'setAnyTrustFastConfirmer',
};
const ROLLUP_ROLES = new Set(['legacyRollup', 'boldRollup']);
/** SuperchainConfig.UpdateType. */
const SUPERCHAIN_UPDATE_TYPES: Record<number, string> = { 0: 'GUARDIAN' };

const lower = (a: string) => a.toLowerCase() as Address;
const dec = (v: bigint | number) => v.toString();
const selectorOf = (data: string) => (data.length >= 10 ? data.slice(0, 10) : data);

/** The revert of a contract-level failure; undefined for transport errors, which must be retried. */
function contractFailure(err: unknown): string | undefined {
  if (err instanceof BaseError) {
    const cause = err.walk((x) => x instanceof ContractFunctionRevertedError || x instanceof ContractFunctionZeroDataError);
    if (cause) return (cause as BaseError).shortMessage;
  }
  return undefined;
}

async function readView<T>(ctx: DecodeContext, address: Address, functionName: string, blockNumber: number): Promise<T | undefined> {
  try {
    return await ctx.readContract<T>({ address, abi: governanceViews as unknown as readonly unknown[], functionName, blockNumber });
  } catch (err) {
    if (contractFailure(err) !== undefined) return undefined;
    throw err;
  }
}

async function changesOf(name: GovernanceEventName, log: RawLog, contract: WatchedContract, ctx: DecodeContext): Promise<Change[]> {
  switch (name) {
    case 'Upgraded':
      return [{ kind: 'UPGRADED', newValue: decoders.Upgraded(log).args.implementation }];
    case 'UpgradedSecondary':
      return [{ kind: 'UPGRADED', scope: 'secondary', newValue: decoders.UpgradedSecondary(log).args.implementation }];
    case 'BeaconUpgraded':
      return [{ kind: 'BEACON_UPGRADED', newValue: decoders.BeaconUpgraded(log).args.beacon }];
    case 'AdminChanged': {
      const a = decoders.AdminChanged(log).args;
      return [{ kind: 'ADMIN_CHANGED', oldValue: a.previousAdmin, newValue: a.newAdmin }];
    }
    case 'NewAdmin': {
      const a = decoders.NewAdmin(log).args;
      return [{ kind: 'ADMIN_CHANGED', oldValue: a.oldAdmin, newValue: a.newAdmin }];
    }
    case 'NewPendingAdmin': {
      const a = decoders.NewPendingAdmin(log).args;
      return [{ kind: 'ADMIN_TRANSFER_STARTED', oldValue: a.oldPendingAdmin, newValue: a.newPendingAdmin }];
    }
    case 'OwnershipTransferred': {
      const a = decoders.OwnershipTransferred(log).args;
      return [{ kind: 'OWNERSHIP_TRANSFERRED', oldValue: a.previousOwner, newValue: a.newOwner }];
    }
    case 'OwnershipTransferStarted': {
      const a = decoders.OwnershipTransferStarted(log).args;
      return [{ kind: 'OWNERSHIP_TRANSFER_STARTED', oldValue: a.previousOwner, newValue: a.newOwner }];
    }
    // Pauses. scope '' = the whole contract; v2 SuperchainConfig pauses per identifier (address(0) = all).
    case 'PausedAccount':
      return [{ kind: 'PAUSED', scope: contract.role === 'superchainConfig' ? decoders.PausedAccount(log).args.account : '', newValue: decoders.PausedAccount(log).args.account }];
    case 'UnpausedAccount':
      return [{ kind: 'UNPAUSED', scope: contract.role === 'superchainConfig' ? decoders.UnpausedAccount(log).args.account : '', newValue: decoders.UnpausedAccount(log).args.account }];
    case 'PauseExtended':
      return [{ kind: 'PAUSE_EXTENDED', scope: decoders.PauseExtended(log).args.identifier, newValue: decoders.PauseExtended(log).args.identifier }];
    case 'PausedIdentifier':
      return [{ kind: 'PAUSED', extra: { identifier: decoders.PausedIdentifier(log).args.identifier } }];
    case 'UnpausedAll':
      decoders.UnpausedAll(log);
      return [{ kind: 'UNPAUSED' }];
    case 'SuperchainConfigUpdate': {
      const a = decoders.SuperchainConfigUpdate(log).args;
      const type = SUPERCHAIN_UPDATE_TYPES[a.updateType];
      if (type === 'GUARDIAN' && a.data.length === 2 + 64 && /^0x0{24}/.test(a.data)) return [{ kind: 'GUARDIAN_CHANGED', newValue: lower(`0x${a.data.slice(26)}`) }];
      return [{ kind: 'ADMIN_ACTION', extra: { updateType: a.updateType, data: a.data } }];
    }
    case 'Freeze':
      decoders.Freeze(log);
      return [{ kind: 'PAUSED', extra: { freeze: true } }];
    case 'Unfreeze':
      decoders.Unfreeze(log);
      return [{ kind: 'UNPAUSED', extra: { freeze: true } }];
    case 'LineaPaused':
    case 'LineaPausedV5': {
      const a = (name === 'LineaPaused' ? decoders.LineaPaused(log) : decoders.LineaPausedV5(log)).args;
      return [{ kind: 'PAUSED', scope: dec(a.pauseType), newValue: a.messageSender }];
    }
    case 'LineaUnPaused':
    case 'LineaUnPausedV5': {
      const a = (name === 'LineaUnPaused' ? decoders.LineaUnPaused(log) : decoders.LineaUnPausedV5(log)).args;
      return [{ kind: 'UNPAUSED', scope: dec(a.pauseType), newValue: a.messageSender }];
    }
    case 'LineaUnPausedDueToExpiry':
      return [{ kind: 'UNPAUSED', scope: dec(decoders.LineaUnPausedDueToExpiry(log).args.pauseType), extra: { expired: true } }];
    // Timelocks.
    case 'MinDelayChange': {
      const a = decoders.MinDelayChange(log).args;
      return [{ kind: 'TIMELOCK_DELAY_SET', oldValue: dec(a.oldDuration), newValue: dec(a.newDuration), delaySeconds: Number(a.newDuration) }];
    }
    case 'CallScheduled': {
      const a = decoders.CallScheduled(log).args;
      return [{
        kind: 'CALL_SCHEDULED', scope: a.id, newValue: a.target, delaySeconds: Number(a.delay),
        extra: { operationId: a.id, index: dec(a.index), target: a.target, value: dec(a.value), selector: selectorOf(a.data), predecessor: a.predecessor, readyAt: log.blockTime + Number(a.delay) },
      }];
    }
    case 'CallExecuted': {
      const a = decoders.CallExecuted(log).args;
      return [{ kind: 'CALL_EXECUTED', scope: a.id, newValue: a.target, extra: { operationId: a.id, index: dec(a.index), target: a.target, value: dec(a.value), selector: selectorOf(a.data) } }];
    }
    case 'Cancelled':
      return [{ kind: 'CALL_CANCELLED', scope: decoders.Cancelled(log).args.id, extra: { operationId: decoders.Cancelled(log).args.id } }];
    // Arbitrum UpgradeExecutor and AccessControl.
    case 'UpgradeExecuted': {
      const a = decoders.UpgradeExecuted(log).args;
      return [{ kind: 'UPGRADE_EXECUTED', newValue: a.upgrade, extra: { value: dec(a.value), selector: selectorOf(a.data) } }];
    }
    case 'TargetCallExecuted': {
      const a = decoders.TargetCallExecuted(log).args;
      return [{ kind: 'ADMIN_CALL_EXECUTED', newValue: a.target, extra: { value: dec(a.value), selector: selectorOf(a.data) } }];
    }
    case 'RoleGranted':
    case 'RoleRevoked': {
      const a = (name === 'RoleGranted' ? decoders.RoleGranted(log) : decoders.RoleRevoked(log)).args;
      return [{ kind: name === 'RoleGranted' ? 'ROLE_GRANTED' : 'ROLE_REVOKED', scope: a.role, newValue: a.account, extra: { sender: a.sender } }];
    }
    // Arbitrum Rollup admin.
    case 'OwnerFunctionCalled': {
      const id = Number(decoders.OwnerFunctionCalled(log).args.id);
      const isRollup = ROLLUP_ROLES.has(contract.role);
      const out: Change[] = [{ kind: 'ADMIN_ACTION', scope: String(id), extra: { ownerFunctionId: id, ...(isRollup && ROLLUP_OWNER_FUNCTIONS[id] ? { function: ROLLUP_OWNER_FUNCTIONS[id] } : {}) } }];
      if (isRollup && id === 30) {
        const disabled = await readView<boolean | bigint>(ctx, contract.address, 'validatorWhitelistDisabled', log.blockNumber);
        if (disabled !== undefined) out.push({ kind: 'VALIDATOR_WHITELIST_SET', newValue: String(disabled === true || disabled === 1n), extra: { readAtBlock: log.blockNumber } });
      }
      return out;
    }
    case 'ValidatorWhitelistDisabledSet':
      return [{ kind: 'VALIDATOR_WHITELIST_SET', newValue: String(decoders.ValidatorWhitelistDisabledSet(log).args._validatorWhitelistDisabled) }];
    case 'ValidatorsSet': {
      const a = decoders.ValidatorsSet(log).args;
      if (a.validators.length !== a.enabled.length) throw new Error(`ValidatorsSet at block ${log.blockNumber} log ${log.logIndex}: ${a.validators.length} validators but ${a.enabled.length} flags`);
      return a.validators.map((v, i) => ({ kind: 'OPERATOR_SET' as const, scope: 'VALIDATOR', newValue: v, extra: { enabled: a.enabled[i] } }));
    }
    // Operator sets of other stacks.
    case 'ValidatorStatusUpdate': {
      const a = decoders.ValidatorStatusUpdate(log).args;
      return [{ kind: 'OPERATOR_SET', scope: 'VALIDATOR', newValue: a.validatorAddress, extra: { enabled: a.isActive } }];
    }
    case 'UpdateSequencer':
    case 'UpdateProver': {
      const a = (name === 'UpdateSequencer' ? decoders.UpdateSequencer(log) : decoders.UpdateProver(log)).args;
      return [{ kind: 'OPERATOR_SET', scope: name === 'UpdateSequencer' ? 'SEQUENCER' : 'PROVER', newValue: a.account, extra: { enabled: a.status } }];
    }
    // zkSync diamond cuts replace facets (the implementation) of the diamond proxy.
    case 'DiamondCut': {
      const a = decoders.DiamondCut(log).args;
      return [{
        kind: 'UPGRADED', scope: 'diamond', newValue: a.initAddress,
        extra: { facets: a.facetCuts.map((f) => ({ facet: f.facet, action: f.action, isFreezable: f.isFreezable, selectors: f.selectors.length })), initSelector: selectorOf(a.initCalldata) },
      }];
    }
    // StarkWare proxy: announced implementations become usable after the proxy's upgrade delay.
    case 'ImplementationAdded': {
      const a = decoders.ImplementationAdded(log).args;
      const delay = await readView<bigint>(ctx, contract.address, 'getUpgradeActivationDelay', log.blockNumber);
      return [{
        kind: 'UPGRADE_SCHEDULED', newValue: a.implementation, delaySeconds: delay === undefined ? null : Number(delay),
        extra: { finalize: a.finalize, initializerBytes: (a.initializer.length - 2) / 2, ...(delay !== undefined ? { readyAt: log.blockTime + Number(delay) } : {}) },
      }];
    }
    case 'ImplementationRemoved':
      return [{ kind: 'UPGRADE_CANCELLED', newValue: decoders.ImplementationRemoved(log).args.implementation }];
    case 'ImplementationRemovedLegacy':
      return [{ kind: 'UPGRADE_CANCELLED', newValue: decoders.ImplementationRemovedLegacy(log).args.implementation }];
    case 'FinalizedImplementation':
      return [{ kind: 'UPGRADE_FINALIZED', newValue: decoders.FinalizedImplementation(log).args.implementation }];
  }
}

/** The timelock operation and executor call of each transaction, from its logs. */
function transactionContext(logs: readonly RawLog[]): Map<string, { viaTimelock?: Address; operationId?: string; viaExecutor?: Address }> {
  const out = new Map<string, { viaTimelock?: Address; operationId?: string; viaExecutor?: Address }>();
  for (const log of logs) {
    const name = eventByTopic.get(log.topics[0] ?? '');
    if (name !== 'CallExecuted' && name !== 'UpgradeExecuted' && name !== 'TargetCallExecuted') continue;
    const tx = log.transactionHash.toLowerCase();
    const ctx = out.get(tx) ?? {};
    if (name === 'CallExecuted' && !ctx.viaTimelock) {
      ctx.viaTimelock = lower(log.address);
      ctx.operationId = decoders.CallExecuted(log).args.id;
    } else if (name !== 'CallExecuted' && !ctx.viaExecutor) ctx.viaExecutor = lower(log.address);
    out.set(tx, ctx);
  }
  return out;
}

export async function decodeGovernance(definition: RollupDefinition, batch: SourceBatch, ctx: DecodeContext): Promise<Facts> {
  const facts = emptyFacts();
  const contracts = new Map(watchedContracts(definition).map((c) => [c.address, c]));
  const txContext = transactionContext(batch.logs);
  for (const log of batch.logs) {
    const name = eventByTopic.get(log.topics[0] ?? '');
    const contract = contracts.get(lower(log.address));
    if (!name || !contract) continue;
    // Each contract counts only inside its block range (e.g. a legacy rollup until the BoLD upgrade).
    if (log.blockNumber < contract.fromBlock || (contract.toBlock !== undefined && log.blockNumber > contract.toBlock)) continue;
    const changes = await changesOf(name, log, contract, ctx);
    const tx = batch.transactions.get(log.transactionHash);
    const via = txContext.get(log.transactionHash.toLowerCase()) ?? {};
    changes.forEach((c, subIndex) => {
      const viaHere = {
        ...(via.viaTimelock && via.viaTimelock !== contract.address ? { viaTimelock: via.viaTimelock, operationId: via.operationId } : {}),
        ...(via.viaExecutor && via.viaExecutor !== contract.address ? { viaExecutor: via.viaExecutor } : {}),
      };
      const extra = { ...c.extra, ...viaHere };
      facts.governanceEvents.push(Object.assign(logProvenance(definition.l1ChainId, log, subIndex), {
        rollupId: definition.id,
        contract: contract.address,
        contractRole: contract.role,
        kind: c.kind,
        scope: c.scope ?? '',
        oldValue: c.oldValue ?? null,
        newValue: c.newValue ?? null,
        actor: tx ? lower(tx.from) : null,
        delaySeconds: c.delaySeconds ?? null,
        extra: Object.keys(extra).length ? extra : null,
      }));
    });
  }
  return facts;
}
