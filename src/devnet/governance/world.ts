/**
 * Governance simulator: deploys the governance emulators on the devnet L1 and drives upgrades,
 * admin/ownership changes, timelock operations and pauses, writing the ground truth of every
 * governance fact (truth.ts) from what it did and the receipts' log indices.
 *
 * Two setups, as on mainnet:
 * - `gov-arb` (Arbitrum-like): SequencerInbox/Bridge/Inbox/Outbox are EIP-1967 proxies of one
 *   ProxyAdmin owned by an UpgradeExecutor whose executors are an L1 timelock (4 h) and a Security
 *   Council; a legacy-rollup admin; the Inbox logic is Ownable + Pausable (guardian).
 * - `gov-op`, `gov-op2` (OP-like): portal and SystemConfig proxies of one ProxyAdmin owned by a
 *   multisig (an EOA here, no timelock), and one SuperchainConfig whose guardian pauses both.
 *
 * Signers (devnet mnemonic indices; the `upgrade` scenario runs alone, so they clash with no one):
 * 0 deployer = timelock proposer and executor, 18 Security Council, 19 guardian, 17 OP ProxyAdmin owner.
 */
import { encodeAbiParameters, encodeFunctionData, keccak256, toHex, type Abi, type AbiEvent } from 'viem';
import type { HDAccount } from 'viem/accounts';
import type { Address, ArbitrumRollup, Hex, OpStackRollup } from '../../rollups/types.ts';
import { loadArtifact } from '../compile.ts';
import type { DevnetContext } from '../context.ts';
import type { RecordedTx } from '../recorder.ts';
import { emptyGovernanceTruth, type GovernanceTruth, type TruthGovernanceEvent } from './truth.ts';

export const ARB_ID = 'gov-arb';
export const OP_IDS = ['gov-op', 'gov-op2'] as const;
/** Initial timelock delay (seconds). */
export const TIMELOCK_DELAY = 14_400;
const ZERO = '0x0000000000000000000000000000000000000000' as Address;
const ZERO32 = `0x${'00'.repeat(32)}` as Hex;

export type ArbProxyRole = 'sequencerInbox' | 'bridge' | 'inbox' | 'outbox';

export interface TimelockOperation {
  id: Hex;
  target: Address;
  data: Hex;
  salt: Hex;
  delay: number;
  scheduledAt: number;
  /** What executing it does to the truth (rows emitted below the timelock, in log order). */
  effects: (tx: RecordedTx) => void;
}

export interface GovernanceWorld {
  ctx: DevnetContext;
  truth: GovernanceTruth;
  accounts: { operator: HDAccount; council: HDAccount; guardian: HDAccount; opOwner: HDAccount };
  arb: {
    definition: ArbitrumRollup;
    timelock: Address; executor: Address; proxyAdmin: Address; rollupAdmin: Address; beacon: Address;
    proxies: Record<ArbProxyRole, Address>;
    impls: { v1: Address; v2: Address; v3: Address };
  };
  op: { definitions: OpStackRollup[]; proxyAdmin: Address; superchainConfig: Address; portals: Address[]; systemConfigs: Address[] };
  /** Timelock path (Arbitrum): schedule now, execute later. */
  scheduleUpgrade(role: ArbProxyRole, implementation: Address): Promise<TimelockOperation>;
  scheduleDelayUpdate(newDelay: number): Promise<TimelockOperation>;
  scheduleProxyAdminTransfer(newOwner: Address): Promise<TimelockOperation>;
  execute(op: TimelockOperation): Promise<RecordedTx>;
  cancel(op: TimelockOperation): Promise<RecordedTx>;
  /** Security Council path (Arbitrum): immediate, through the UpgradeExecutor. */
  councilUpgrade(role: ArbProxyRole, implementation: Address): Promise<RecordedTx>;
  councilUpgradeBeacon(role: ArbProxyRole): Promise<RecordedTx>;
  councilChangeAdmin(role: ArbProxyRole, newAdmin: Address): Promise<RecordedTx>;
  councilSetValidatorWhitelistDisabled(disabled: boolean): Promise<RecordedTx>;
  pauseInbox(): Promise<RecordedTx>;
  unpauseInbox(): Promise<RecordedTx>;
  /** OP path: the ProxyAdmin owner upgrades at once; the guardian pauses every OP chain. */
  opUpgradePortal(index: number, implementation: Address): Promise<RecordedTx>;
  pauseSuperchain(identifier: string): Promise<RecordedTx>;
  unpauseSuperchain(): Promise<RecordedTx>;
}

const abiOf = (name: string) => loadArtifact(name).abi as Abi;
const eventsOf = (abi: Abi) => abi.filter((x): x is AbiEvent => x.type === 'event');
const lower = (a: string) => a.toLowerCase() as Address;

/** Log index of the `nth` event `name` emitted by `address` in the tx. */
function logIndexOf(tx: RecordedTx, address: Address, name: string, nth = 0): number {
  const ev = tx.events.filter((e) => lower(e.address) === lower(address) && e.eventName === name)[nth];
  if (!ev) throw new Error(`governance sim: tx ${tx.hash} has no ${name} #${nth} from ${address} (events: ${tx.events.map((e) => `${e.eventName}@${e.address}`).join(', ')})`);
  return ev.logIndex;
}

export async function deployGovernanceWorld(ctx: DevnetContext): Promise<GovernanceWorld> {
  const truth = emptyGovernanceTruth();
  const accounts = { operator: ctx.accounts.deployer, council: ctx.accounts.byIndex(18), guardian: ctx.accounts.byIndex(19), opOwner: ctx.accounts.byIndex(17) };
  const proxyAbi = [...abiOf('GovProxy'), ...eventsOf(abiOf('GovImplementation'))] as Abi;

  /** A truth row of `rollupId` for the `nth` `event` of `address` in tx. */
  const push = (tx: RecordedTx, rollupId: string, row: Omit<TruthGovernanceEvent, 'rollupId' | 'l1' | 'actor' | 'subIndex' | 'scope' | 'oldValue' | 'newValue' | 'delaySeconds'> &
    Partial<Pick<TruthGovernanceEvent, 'scope' | 'oldValue' | 'newValue' | 'delaySeconds' | 'subIndex'>> & { event: string; nth?: number }) => {
    const { event, nth, ...rest } = row;
    truth.events.push({
      rollupId, scope: '', oldValue: null, newValue: null, delaySeconds: null, subIndex: 0, ...rest,
      contract: lower(rest.contract), actor: lower(tx.from), l1: { ...tx.ref, logIndex: logIndexOf(tx, rest.contract, event, nth ?? 0) },
    });
  };

  // --- Arbitrum-like setup -------------------------------------------------------------------
  const deploy = async (artifact: string, args: readonly unknown[], name: string, account = accounts.operator) => ctx.deploy({ artifact, args, name, account });
  const timelockD = await deploy('GovTimelock', [BigInt(TIMELOCK_DELAY), accounts.operator.address, accounts.operator.address], `${ARB_ID}:timelock`);
  const timelock = timelockD.address;
  const executorD = await deploy('GovUpgradeExecutor', [[timelock, accounts.council.address]], `${ARB_ID}:upgradeExecutor`);
  const executor = executorD.address;
  const proxyAdminD = await deploy('GovProxyAdmin', [executor], `${ARB_ID}:proxyAdmin`);
  const proxyAdmin = proxyAdminD.address;
  const v1 = (await deploy('GovImplementation', [1n], 'GovImplementation v1')).address;
  const v2 = (await deploy('GovImplementation', [2n], 'GovImplementation v2')).address;
  const v3 = (await deploy('GovImplementation', [3n], 'GovImplementation v3')).address;
  const beacon = (await deploy('GovBeacon', [v3], 'GovBeacon')).address;
  const proxyDeploys = {} as Record<ArbProxyRole, { address: Address; tx: RecordedTx }>;
  for (const role of ['sequencerInbox', 'bridge', 'inbox', 'outbox'] as const) {
    const d = await deploy('GovProxy', [v1, proxyAdmin], `${ARB_ID}:${role}`);
    ctx.recorder.registerContract({ chainId: ctx.l1.chainId, address: d.address, abi: proxyAbi, name: `${ARB_ID}:${role}` });
    proxyDeploys[role] = d;
  }
  const proxies = Object.fromEntries(Object.entries(proxyDeploys).map(([k, v]) => [k, v.address])) as Record<ArbProxyRole, Address>;
  const rollupAdminD = await deploy('GovRollupAdmin', [executor], `${ARB_ID}:legacyRollup`);
  const rollupAdmin = rollupAdminD.address;

  const TIMELOCK = 'timelock';
  const EXECUTOR = 'upgradeExecutor';
  const PROXY_ADMIN = 'proxyAdmin';
  push(timelockD.tx, ARB_ID, { kind: 'TIMELOCK_DELAY_SET', contract: timelock, contractRole: TIMELOCK, oldValue: '0', newValue: String(TIMELOCK_DELAY), delaySeconds: TIMELOCK_DELAY, event: 'MinDelayChange' });
  const ADMIN_ROLE = keccak256(toHex('ADMIN_ROLE'));
  const EXECUTOR_ROLE = keccak256(toHex('EXECUTOR_ROLE'));
  [[ADMIN_ROLE, executor], [EXECUTOR_ROLE, timelock], [EXECUTOR_ROLE, accounts.council.address]].forEach(([role, account], nth) =>
    push(executorD.tx, ARB_ID, { kind: 'ROLE_GRANTED', contract: executor, contractRole: EXECUTOR, scope: role!, newValue: lower(account!), event: 'RoleGranted', nth }));
  push(proxyAdminD.tx, ARB_ID, { kind: 'OWNERSHIP_TRANSFERRED', contract: proxyAdmin, contractRole: PROXY_ADMIN, oldValue: ZERO, newValue: executor, event: 'OwnershipTransferred' });
  for (const [role, d] of Object.entries(proxyDeploys)) {
    push(d.tx, ARB_ID, { kind: 'UPGRADED', contract: d.address, contractRole: role, newValue: v1, event: 'Upgraded' });
    push(d.tx, ARB_ID, { kind: 'ADMIN_CHANGED', contract: d.address, contractRole: role, oldValue: ZERO, newValue: proxyAdmin, event: 'AdminChanged' });
  }
  const implAbi = abiOf('GovImplementation');
  await ctx.write({
    account: accounts.guardian, address: proxies.inbox, abi: implAbi, functionName: 'initialize', args: [accounts.guardian.address],
    build: (tx) => push(tx, ARB_ID, { kind: 'OWNERSHIP_TRANSFERRED', contract: proxies.inbox, contractRole: 'inbox', oldValue: ZERO, newValue: lower(accounts.guardian.address), event: 'OwnershipTransferred' }),
  });

  const arbFrom = timelockD.tx.ref.blockNumber;
  const tracked = (address: Address, tx: RecordedTx) => ({ address, fromBlock: tx.ref.blockNumber });
  const arbDefinition: ArbitrumRollup = {
    id: ARB_ID, name: 'Governance devnet (Arbitrum-like)', stack: 'arbitrum', l1ChainId: ctx.l1.chainId, l2ChainId: 412_999, startBlock: arbFrom,
    dataAvailability: 'rollup', l2GenesisBlock: 0,
    contracts: {
      sequencerInbox: tracked(proxies.sequencerInbox, proxyDeploys.sequencerInbox.tx), bridge: tracked(proxies.bridge, proxyDeploys.bridge.tx),
      inbox: tracked(proxies.inbox, proxyDeploys.inbox.tx), outbox: tracked(proxies.outbox, proxyDeploys.outbox.tx),
      legacyRollup: tracked(rollupAdmin, rollupAdminD.tx),
    },
    // The Security Council's instant path is deliberately NOT declared (instantUpgradePath): the
    // exit window follows the timelock, and the council's upgrades show up as health reasons.
    governance: { contracts: { timelock: tracked(timelock, timelockD.tx), upgradeExecutor: tracked(executor, executorD.tx), proxyAdmin: tracked(proxyAdmin, proxyAdminD.tx) } },
  };
  ctx.recorder.addRollup(arbDefinition);

  // --- OP-like setups (two chains sharing ProxyAdmin and SuperchainConfig) --------------------
  const opAdminD = await deploy('GovProxyAdmin', [accounts.opOwner.address], 'gov-op:proxyAdmin');
  const scD = await deploy('GovSuperchainConfig', [accounts.guardian.address], 'gov-op:superchainConfig');
  const portals: { address: Address; tx: RecordedTx }[] = [];
  const systemConfigs: { address: Address; tx: RecordedTx }[] = [];
  for (const id of OP_IDS) {
    for (const [list, role] of [[portals, 'optimismPortal'], [systemConfigs, 'systemConfig']] as const) {
      const d = await deploy('GovProxy', [v1, opAdminD.address], `${id}:${role}`);
      ctx.recorder.registerContract({ chainId: ctx.l1.chainId, address: d.address, abi: proxyAbi, name: `${id}:${role}` });
      list.push(d);
    }
  }
  const opDefinitions: OpStackRollup[] = OP_IDS.map((id, i) => {
    push(opAdminD.tx, id, { kind: 'OWNERSHIP_TRANSFERRED', contract: opAdminD.address, contractRole: PROXY_ADMIN, oldValue: ZERO, newValue: lower(accounts.opOwner.address), event: 'OwnershipTransferred' });
    push(scD.tx, id, { kind: 'GUARDIAN_CHANGED', contract: scD.address, contractRole: 'superchainConfig', newValue: lower(accounts.guardian.address), event: 'ConfigUpdate' });
    for (const [d, role] of [[portals[i]!, 'optimismPortal'], [systemConfigs[i]!, 'systemConfig']] as const) {
      push(d.tx, id, { kind: 'UPGRADED', contract: d.address, contractRole: role, newValue: v1, event: 'Upgraded' });
      push(d.tx, id, { kind: 'ADMIN_CHANGED', contract: d.address, contractRole: role, oldValue: ZERO, newValue: opAdminD.address, event: 'AdminChanged' });
    }
    const def: OpStackRollup = {
      id, name: `Governance devnet (OP-like ${i + 1})`, stack: 'opstack', l1ChainId: ctx.l1.chainId, l2ChainId: 901_000 + i, startBlock: opAdminD.tx.ref.blockNumber,
      contracts: { optimismPortal: tracked(portals[i]!.address, portals[i]!.tx), systemConfig: tracked(systemConfigs[i]!.address, systemConfigs[i]!.tx) },
      batchInbox: `0xff000000000000000000000000000000000090${String(i).padStart(2, '0')}` as Address, initialBatcher: lower(ctx.accounts.opBatcher.address),
      genesis: { l1Block: opAdminD.tx.ref.blockNumber, l2Block: 0, l2Time: opAdminD.tx.ref.timestamp, blockTime: 2 },
      sequencingWindowBlocks: 100,
      governance: { contracts: { proxyAdmin: tracked(opAdminD.address, opAdminD.tx), superchainConfig: tracked(scD.address, scD.tx) }, upgradeDelaySeconds: 0 },
    };
    ctx.recorder.addRollup(def);
    return def;
  });

  // --- Actions ---------------------------------------------------------------------------------
  const timelockAbi = abiOf('GovTimelock');
  const executorAbi = abiOf('GovUpgradeExecutor');
  const proxyAdminAbi = abiOf('GovProxyAdmin');
  let salt = 0;
  /** The timelock's delay as last set by the simulator (operations are scheduled with it). */
  let currentDelay = TIMELOCK_DELAY;
  const call = (functionName: string, args: readonly unknown[], abi = proxyAdminAbi) => encodeFunctionData({ abi, functionName, args } as never);
  const viaExecutor = (target: Address, data: Hex) => encodeFunctionData({ abi: executorAbi, functionName: 'executeCall', args: [target, data] } as never);
  const operationId = (target: Address, data: Hex, s: Hex) =>
    keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }, { type: 'bytes' }, { type: 'bytes32' }, { type: 'bytes32' }], [target, 0n, data, ZERO32, s]));

  async function schedule(target: Address, data: Hex, delay: number, effects: TimelockOperation['effects']): Promise<TimelockOperation> {
    const s = toHex(++salt, { size: 32 });
    const id = operationId(target, data, s);
    let scheduledAt = 0;
    await ctx.write({
      account: accounts.operator, address: timelock, abi: timelockAbi, functionName: 'schedule', args: [target, 0n, data, ZERO32, s, BigInt(delay)],
      build: (tx) => {
        scheduledAt = tx.ref.timestamp;
        push(tx, ARB_ID, { kind: 'CALL_SCHEDULED', contract: timelock, contractRole: TIMELOCK, scope: id, newValue: lower(target), delaySeconds: delay, event: 'CallScheduled' });
      },
    });
    return { id, target, data, salt: s, delay, scheduledAt, effects };
  }

  /** Rows of an executor call: the target's rows (by `effects`), then TargetCallExecuted; `via` = the timelock op, if any. */
  const executorRows = (tx: RecordedTx, target: Address, inner: (via: Partial<TruthGovernanceEvent>) => void, op?: TimelockOperation) => {
    const via = op ? { viaTimelock: timelock, operationId: op.id } : {};
    inner({ ...via, viaExecutor: executor });
    push(tx, ARB_ID, { kind: 'ADMIN_CALL_EXECUTED', contract: executor, contractRole: EXECUTOR, newValue: lower(target), event: 'TargetCallExecuted', ...via });
  };

  /** A call of the ProxyAdmin through the UpgradeExecutor, with the truth rows it causes. */
  const proxyAdminCall = (fn: string, args: readonly unknown[], rows: (tx: RecordedTx, via: Partial<TruthGovernanceEvent>) => void) => {
    const inner = call(fn, args);
    return {
      inner,
      data: viaExecutor(proxyAdmin, inner),
      effects: (tx: RecordedTx, op?: TimelockOperation) => executorRows(tx, proxyAdmin, (via) => rows(tx, via), op),
    };
  };

  const upgradeCall = (role: ArbProxyRole, implementation: Address) =>
    proxyAdminCall('upgrade', [proxies[role], implementation], (tx, via) =>
      push(tx, ARB_ID, { kind: 'UPGRADED', contract: proxies[role], contractRole: role, newValue: lower(implementation), event: 'Upgraded', ...via }));

  /** The Security Council calls `target` through the UpgradeExecutor at once. */
  const council = (target: Address, inner: Hex, effects: (tx: RecordedTx) => void) =>
    ctx.write({ account: accounts.council, address: executor, abi: executorAbi, functionName: 'executeCall', args: [target, inner], build: effects });

  /** Schedules `c` on the timelock (as a call of the executor) and binds its truth rows to the operation. */
  const scheduleCall = async (c: { data: Hex; effects: (tx: RecordedTx, op?: TimelockOperation) => void }) => {
    const op = await schedule(executor, c.data, currentDelay, () => {});
    op.effects = (tx) => c.effects(tx, op);
    return op;
  };

  const world: GovernanceWorld = {
    ctx, truth, accounts,
    arb: { definition: arbDefinition, timelock, executor, proxyAdmin, rollupAdmin, beacon, proxies, impls: { v1, v2, v3 } },
    op: { definitions: opDefinitions, proxyAdmin: opAdminD.address, superchainConfig: scD.address, portals: portals.map((p) => p.address), systemConfigs: systemConfigs.map((p) => p.address) },

    scheduleUpgrade: (role, implementation) => scheduleCall(upgradeCall(role, implementation)),
    async scheduleDelayUpdate(newDelay) {
      const data = call('updateDelay', [BigInt(newDelay)], timelockAbi);
      const op = await schedule(timelock, data, currentDelay, () => {});
      const old = currentDelay;
      op.effects = (tx) => {
        push(tx, ARB_ID, { kind: 'TIMELOCK_DELAY_SET', contract: timelock, contractRole: TIMELOCK, oldValue: String(old), newValue: String(newDelay), delaySeconds: newDelay, event: 'MinDelayChange' });
        currentDelay = newDelay;
      };
      return op;
    },
    scheduleProxyAdminTransfer: (newOwner) =>
      scheduleCall(proxyAdminCall('transferOwnership', [newOwner], (tx, via) =>
        push(tx, ARB_ID, { kind: 'OWNERSHIP_TRANSFERRED', contract: proxyAdmin, contractRole: PROXY_ADMIN, oldValue: executor, newValue: lower(newOwner), event: 'OwnershipTransferred', ...via }))),
    async execute(op) {
      return ctx.write({
        account: accounts.operator, address: timelock, abi: timelockAbi, functionName: 'execute', args: [op.target, 0n, op.data, ZERO32, op.salt],
        build: (tx) => {
          op.effects(tx);
          push(tx, ARB_ID, {
            kind: 'CALL_EXECUTED', contract: timelock, contractRole: TIMELOCK, scope: op.id, newValue: lower(op.target), event: 'CallExecuted',
            ...(op.target === executor ? { viaExecutor: executor } : {}),
          });
        },
      });
    },
    async cancel(op) {
      return ctx.write({
        account: accounts.operator, address: timelock, abi: timelockAbi, functionName: 'cancel', args: [op.id],
        build: (tx) => push(tx, ARB_ID, { kind: 'CALL_CANCELLED', contract: timelock, contractRole: TIMELOCK, scope: op.id, event: 'Cancelled' }),
      });
    },
    async councilUpgrade(role, implementation) {
      const c = upgradeCall(role, implementation);
      return council(proxyAdmin, c.inner, (tx) => c.effects(tx));
    },
    async councilUpgradeBeacon(role) {
      const c = proxyAdminCall('upgradeBeacon', [proxies[role], beacon], (tx, via) =>
        push(tx, ARB_ID, { kind: 'BEACON_UPGRADED', contract: proxies[role], contractRole: role, newValue: beacon, event: 'BeaconUpgraded', ...via }));
      return council(proxyAdmin, c.inner, (tx) => c.effects(tx));
    },
    async councilChangeAdmin(role, newAdmin) {
      const c = proxyAdminCall('changeProxyAdmin', [proxies[role], newAdmin], (tx, via) =>
        push(tx, ARB_ID, { kind: 'ADMIN_CHANGED', contract: proxies[role], contractRole: role, oldValue: proxyAdmin, newValue: lower(newAdmin), event: 'AdminChanged', ...via }));
      return council(proxyAdmin, c.inner, (tx) => c.effects(tx));
    },
    async councilSetValidatorWhitelistDisabled(disabled) {
      return council(rollupAdmin, call('setValidatorWhitelistDisabled', [disabled], abiOf('GovRollupAdmin')), (tx) =>
        executorRows(tx, rollupAdmin, (via) => {
          push(tx, ARB_ID, { kind: 'ADMIN_ACTION', contract: rollupAdmin, contractRole: 'legacyRollup', scope: '30', event: 'OwnerFunctionCalled', ...via });
          push(tx, ARB_ID, { kind: 'VALIDATOR_WHITELIST_SET', contract: rollupAdmin, contractRole: 'legacyRollup', newValue: String(disabled), subIndex: 1, event: 'OwnerFunctionCalled', ...via });
        }));
    },
    async pauseInbox() {
      return ctx.write({
        account: accounts.guardian, address: proxies.inbox, abi: implAbi, functionName: 'pause',
        build: (tx) => {
          push(tx, ARB_ID, { kind: 'PAUSED', contract: proxies.inbox, contractRole: 'inbox', newValue: lower(accounts.guardian.address), event: 'Paused' });
          truth.pauses.push({ rollupId: ARB_ID, contract: proxies.inbox, pausedAt: tx.ref.timestamp, unpausedAt: null });
        },
      });
    },
    async unpauseInbox() {
      return ctx.write({
        account: accounts.guardian, address: proxies.inbox, abi: implAbi, functionName: 'unpause',
        build: (tx) => {
          push(tx, ARB_ID, { kind: 'UNPAUSED', contract: proxies.inbox, contractRole: 'inbox', newValue: lower(accounts.guardian.address), event: 'Unpaused' });
          const open = truth.pauses.find((p) => p.contract === proxies.inbox && p.unpausedAt === null);
          if (open) open.unpausedAt = tx.ref.timestamp;
        },
      });
    },
    async opUpgradePortal(index, implementation) {
      const portal = portals[index]!.address;
      return ctx.write({
        account: accounts.opOwner, address: opAdminD.address, abi: proxyAdminAbi, functionName: 'upgrade', args: [portal, implementation],
        build: (tx) => push(tx, OP_IDS[index]!, { kind: 'UPGRADED', contract: portal, contractRole: 'optimismPortal', newValue: lower(implementation), event: 'Upgraded' }),
      });
    },
    async pauseSuperchain(identifier) {
      return ctx.write({
        account: accounts.guardian, address: scD.address, abi: abiOf('GovSuperchainConfig'), functionName: 'pause', args: [identifier],
        build: (tx) => {
          for (const id of OP_IDS) {
            push(tx, id, { kind: 'PAUSED', contract: scD.address, contractRole: 'superchainConfig', event: 'Paused' });
            truth.pauses.push({ rollupId: id, contract: scD.address, pausedAt: tx.ref.timestamp, unpausedAt: null });
          }
        },
      });
    },
    async unpauseSuperchain() {
      return ctx.write({
        account: accounts.guardian, address: scD.address, abi: abiOf('GovSuperchainConfig'), functionName: 'unpause',
        build: (tx) => {
          for (const id of OP_IDS) {
            push(tx, id, { kind: 'UNPAUSED', contract: scD.address, contractRole: 'superchainConfig', event: 'Unpaused' });
            const open = truth.pauses.find((p) => p.rollupId === id && p.contract === scD.address && p.unpausedAt === null);
            if (open) open.unpausedAt = tx.ref.timestamp;
          }
        },
      });
    },
  };
  return world;
}

