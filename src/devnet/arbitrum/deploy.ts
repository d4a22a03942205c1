/**
 * Deploys the Arbitrum Nitro emulator set on the L1 anvil, starts the rollup's L2 anvil (with the
 * ArbSys emulator at 0x64) and returns the ArbitrumRollup definition the indexer uses.
 *
 * API: deployArbitrum(ctx, { rollupId?, l2ChainId?, legacy?, bold?, dataAvailability?, params? })
 *        => Promise<ArbitrumDeployment>
 * Invariant: every contract is registered with the recorder (its events are ground truth) and the
 * definition's fromBlock is the first deploy block; legacy.toBlock is set when BoLD takes over
 * (see `upgradeToBold`).
 */
import { getAddress, type Abi } from 'viem';
import type { HDAccount } from 'viem/accounts';
import type { Address, ArbitrumRollup, Hex } from '../../rollups/types.ts';
import type { DevnetChain, DevnetContext } from '../context.ts';
import { loadArtifact } from '../compile.ts';
import { defaultArbitrumParams, type ArbitrumDevnetParams } from './params.ts';

export const ARBSYS_ADDRESS: Address = '0x0000000000000000000000000000000000000064';

export interface AssertionRecord {
  hash: Hex;
  parent: Hex;
  /** The parent's parent (prevPrevAssertionHash of children). */
  prevPrev: Hex;
  afterState: AssertionStateArg;
  afterInboxBatchAcc: Hex;
  /** Batch count at creation = nextInboxPosition of the children's config. */
  inboxMaxCount: bigint;
  l1Block: number;
  l2Block?: number;
  proposer: Address;
}

export interface GlobalStateArg { bytes32Vals: readonly [Hex, Hex]; u64Vals: readonly [bigint, bigint] }
export interface AssertionStateArg { globalState: GlobalStateArg; machineStatus: number; endHistoryRoot: Hex }

export interface NodeRecord {
  nodeNum: number;
  afterState: { globalState: GlobalStateArg; machineStatus: number };
  l2Block: number;
  staker: Address;
  l1Block: number;
}

export interface ArbitrumDeployment {
  ctx: DevnetContext;
  rollupId: string;
  rollup: ArbitrumRollup;
  l2: DevnetChain;
  params: ArbitrumDevnetParams;
  addresses: {
    bridge: Address;
    sequencerInbox: Address;
    inbox: Address;
    outbox: Address;
    legacyRollup?: Address;
    challengeManager?: Address;
    boldRollup?: Address;
    edgeChallengeManager?: Address;
  };
  abi: Record<'bridge' | 'sequencerInbox' | 'inbox' | 'outbox' | 'legacyRollup' | 'challengeManager' | 'boldRollup' | 'edgeChallengeManager' | 'arbSys', Abi>;
  accounts: { owner: HDAccount; batchPoster: HDAccount; validator: HDAccount; challenger: HDAccount; users: HDAccount[] };
  /** BoLD assertions this driver created, by hash; `honestTip` is the head of the honest chain. */
  assertions: Map<Hex, AssertionRecord>;
  honestTip?: Hex;
  genesisAssertion?: Hex;
  /** Legacy nodes by number; `legacyTip` = latest honest node. */
  nodes: Map<number, NodeRecord>;
  legacyTip: number;
  /** Stakers already staked (newStake… vs stake… entry points). */
  staked: { bold: Set<Address>; legacy: Set<Address> };
  /** Highest L2 block recorded as TruthL2Block. */
  lastRecordedL2Block: number;
  /** AnyTrust keyset hash registered at deploy (for 0x88 certificates). */
  keysetHash: Hex;
  keysetBytes: Hex;
}

export interface DeployArbitrumOptions {
  rollupId?: string;
  name?: string;
  l2ChainId?: number;
  /** Deploy the legacy (pre-BoLD) Rollup + ChallengeManager (default false). */
  legacy?: boolean;
  /** Deploy the BoLD Rollup + EdgeChallengeManager (default true). */
  bold?: boolean;
  dataAvailability?: 'rollup' | 'anytrust';
  params?: Partial<ArbitrumDevnetParams>;
  accounts?: Partial<ArbitrumDeployment['accounts']>;
}

const lower = (a: string) => a.toLowerCase() as Address;

export async function deployArbitrum(ctx: DevnetContext, opts: DeployArbitrumOptions = {}): Promise<ArbitrumDeployment> {
  const rollupId = opts.rollupId ?? 'arb-devnet';
  const params: ArbitrumDevnetParams = { ...defaultArbitrumParams, ...opts.params };
  const withLegacy = opts.legacy ?? false;
  const withBold = opts.bold ?? true;
  const accounts = {
    owner: ctx.accounts.deployer,
    batchPoster: ctx.accounts.batchPoster,
    validator: ctx.accounts.validator,
    challenger: ctx.accounts.challenger,
    users: ctx.accounts.users,
    ...opts.accounts,
  };
  const owner = accounts.owner;
  const l2ChainId = opts.l2ChainId ?? 412346;

  // L2 first: its pre-Nitro blocks exist before the L1 contracts are deployed.
  const l2 = await ctx.addL2({ rollupId, chainId: l2ChainId, blockTime: 1 });
  if (params.l2GenesisBlock > 1) await l2.clock.mineBlocks(params.l2GenesisBlock - 1, 1);

  const mtv = params.maxTimeVariation;
  const bridge = await ctx.deploy({ artifact: 'Bridge', account: owner });
  const startBlock = bridge.tx.ref.blockNumber;
  const seqInbox = await ctx.deploy({
    artifact: 'SequencerInbox', account: owner,
    args: [bridge.address, { delayBlocks: mtv.delayBlocks, futureBlocks: mtv.futureBlocks, delaySeconds: mtv.delaySeconds, futureSeconds: mtv.futureSeconds }],
  });
  const inbox = await ctx.deploy({ artifact: 'Inbox', account: owner, args: [bridge.address] });
  const outbox = await ctx.deploy({ artifact: 'Outbox', account: owner, args: [bridge.address] });

  const abi = {
    bridge: loadArtifact('Bridge').abi,
    sequencerInbox: loadArtifact('SequencerInbox').abi,
    inbox: loadArtifact('Inbox').abi,
    outbox: loadArtifact('Outbox').abi,
    legacyRollup: loadArtifact('LegacyRollup').abi,
    challengeManager: loadArtifact('ChallengeManager').abi,
    boldRollup: loadArtifact('BoldRollup').abi,
    edgeChallengeManager: loadArtifact('EdgeChallengeManager').abi,
    arbSys: loadArtifact('ArbSys').abi,
  };
  const w = (address: Address, a: Abi, functionName: string, args: readonly unknown[] = [], value?: bigint) =>
    ctx.write({ account: owner, address, abi: a, functionName, args, value });

  await w(bridge.address, abi.bridge, 'setSequencerInbox', [seqInbox.address]);
  await w(bridge.address, abi.bridge, 'setDelayedInbox', [inbox.address, true]);
  await w(bridge.address, abi.bridge, 'setOutbox', [outbox.address, true]);
  await w(seqInbox.address, abi.sequencerInbox, 'setIsBatchPoster', [accounts.batchPoster.address, true]);
  await w(seqInbox.address, abi.sequencerInbox, 'setMaxTimeVariation', [{ delayBlocks: mtv.delayBlocks, futureBlocks: mtv.futureBlocks, delaySeconds: mtv.delaySeconds, futureSeconds: mtv.futureSeconds }]);
  // AnyTrust keyset (1-of-1 committee, a 96-byte BLS public key placeholder).
  const keysetBytes = `0x${'00'.repeat(7)}01${'00'.repeat(7)}01${'ab'.repeat(96)}` as Hex;
  const ks = await w(seqInbox.address, abi.sequencerInbox, 'setValidKeyset', [keysetBytes]);
  const keysetHash = ks.eventsNamed('SetValidKeyset')[0]!.args.keysetHash as Hex;
  // The bridge escrows deposits; seed it so early withdrawals can be paid.
  await ctx.send({ account: owner, to: bridge.address, value: 100n * 10n ** 18n });

  const chainId = BigInt(l2ChainId);
  const addresses: ArbitrumDeployment['addresses'] = { bridge: bridge.address, sequencerInbox: seqInbox.address, inbox: inbox.address, outbox: outbox.address };
  const contracts: ArbitrumRollup['contracts'] = {
    sequencerInbox: { address: getAddress(seqInbox.address), fromBlock: startBlock },
    bridge: { address: getAddress(bridge.address), fromBlock: startBlock },
    inbox: { address: getAddress(inbox.address), fromBlock: startBlock },
    outbox: { address: getAddress(outbox.address), fromBlock: startBlock },
  };

  if (withLegacy) {
    const cm = await ctx.deploy({ artifact: 'ChallengeManager', account: owner });
    const lr = await ctx.deploy({
      artifact: 'LegacyRollup', account: owner,
      args: [bridge.address, outbox.address, cm.address, params.confirmPeriodBlocks, params.wasmModuleRoot, params.baseStakeWei, chainId],
    });
    await w(cm.address, abi.challengeManager, 'setResultReceiver', [lr.address]);
    await w(outbox.address, abi.outbox, 'setRollup', [lr.address]);
    await w(bridge.address, abi.bridge, 'setRollup', [lr.address]);
    addresses.legacyRollup = lr.address;
    addresses.challengeManager = cm.address;
    contracts.legacyRollup = { address: getAddress(lr.address), fromBlock: lr.tx.ref.blockNumber };
    contracts.legacyChallengeManager = { address: getAddress(cm.address), fromBlock: cm.tx.ref.blockNumber };
  }

  const dep: ArbitrumDeployment = {
    ctx, rollupId, l2, params, addresses, abi, accounts,
    rollup: {
      id: rollupId,
      name: opts.name ?? 'Arbitrum devnet',
      stack: 'arbitrum',
      l1ChainId: ctx.l1.chainId,
      l2ChainId,
      startBlock,
      dataAvailability: opts.dataAvailability ?? 'rollup',
      contracts,
      l2GenesisBlock: params.l2GenesisBlock,
    },
    assertions: new Map(),
    nodes: new Map(),
    legacyTip: 0,
    staked: { bold: new Set(), legacy: new Set() },
    lastRecordedL2Block: params.l2GenesisBlock - 1,
    keysetHash,
    keysetBytes,
  };

  if (withBold) await deployBold(dep, { setOutbox: !withLegacy });

  // ArbSys emulator at 0x64 on the L2 (deployed once, its runtime code copied to the precompile address).
  const arbSys = await ctx.deploy({ chain: l2, artifact: 'ArbSys', account: owner });
  const code = await l2.rpc<Hex>('eth_getCode', [arbSys.address, 'latest']);
  await l2.rpc('anvil_setCode', [ARBSYS_ADDRESS, code]);
  ctx.recorder.registerContract({ chainId: l2.chainId, address: ARBSYS_ADDRESS, abi: abi.arbSys, name: 'ArbSys' });
  // That deploy mined L2 block l2GenesisBlock: message 0 of the rollup.
  ctx.recorder.addRollup(dep.rollup);
  return dep;
}

/**
 * Deploys the BoLD Rollup + EdgeChallengeManager. With `setOutbox` the Outbox and Bridge follow
 * the BoLD rollup at once; otherwise call `upgradeToBold` later (legacy era first).
 */
export async function deployBold(dep: ArbitrumDeployment, opts: { setOutbox: boolean }): Promise<void> {
  const { ctx, params, accounts, abi } = dep;
  const owner = accounts.owner;
  const ecm = await ctx.deploy({
    artifact: 'EdgeChallengeManager', account: owner,
    args: [params.challengePeriodBlocks, params.edgeHeights.block, params.edgeHeights.bigStep, params.edgeHeights.smallStep],
  });
  const br = await ctx.deploy({
    artifact: 'BoldRollup', account: owner,
    args: [dep.addresses.bridge, dep.addresses.outbox, ecm.address, params.confirmPeriodBlocks, params.wasmModuleRoot, params.baseStakeWei, BigInt(dep.rollup.l2ChainId)],
  });
  await ctx.write({ account: owner, address: ecm.address, abi: abi.edgeChallengeManager, functionName: 'setAssertionChain', args: [br.address] });
  dep.addresses.boldRollup = br.address;
  dep.addresses.edgeChallengeManager = ecm.address;
  dep.rollup.contracts.boldRollup = { address: getAddress(br.address), fromBlock: br.tx.ref.blockNumber };
  dep.rollup.contracts.edgeChallengeManager = { address: getAddress(ecm.address), fromBlock: ecm.tx.ref.blockNumber };

  const created = br.tx.eventsNamed('AssertionCreated')[0]!;
  const genesis = created.args.assertionHash as Hex;
  const zero = `0x${'0'.repeat(64)}` as Hex;
  dep.genesisAssertion = genesis;
  dep.honestTip = genesis;
  dep.assertions.set(genesis, {
    hash: genesis, parent: zero, prevPrev: zero,
    afterState: { globalState: { bytes32Vals: [zero, zero], u64Vals: [0n, 0n] }, machineStatus: 1, endHistoryRoot: zero },
    afterInboxBatchAcc: zero,
    inboxMaxCount: BigInt(created.args.inboxMaxCount as string),
    l1Block: created.blockNumber,
    proposer: lower(owner.address),
  });
  // Genesis: created confirmed (RollupCore.initializeCore sets it as latestConfirmed, no AssertionConfirmed event).
  ctx.recorder.truth.stateRoots.push({
    rollupId: dep.rollupId, kind: 'ASSERTION', index: genesis, root: zero,
    l1: { chainId: created.chainId, blockNumber: created.blockNumber, blockHash: created.blockHash, txHash: created.txHash, logIndex: created.logIndex, timestamp: created.timestamp },
    proposer: lower(owner.address),
    statusChanges: [
      { status: 'PROPOSED', l1: { chainId: created.chainId, blockNumber: created.blockNumber, blockHash: created.blockHash, txHash: created.txHash, logIndex: created.logIndex, timestamp: created.timestamp } },
      { status: 'CONFIRMED', l1: { chainId: created.chainId, blockNumber: created.blockNumber, blockHash: created.blockHash, txHash: created.txHash, logIndex: created.logIndex, timestamp: created.timestamp } },
    ],
  });
  if (opts.setOutbox) await pointAt(dep, br.address);
}

async function pointAt(dep: ArbitrumDeployment, rollupAddress: Address): Promise<void> {
  const { ctx, abi, accounts } = dep;
  await ctx.write({ account: accounts.owner, address: dep.addresses.outbox, abi: abi.outbox, functionName: 'setRollup', args: [rollupAddress] });
  await ctx.write({ account: accounts.owner, address: dep.addresses.bridge, abi: abi.bridge, functionName: 'setRollup', args: [rollupAddress] });
}

/**
 * Legacy → BoLD upgrade (Arbitrum One did it on 2025-02-12): deploys BoLD if needed, points the
 * Outbox/Bridge at it and closes the legacy contracts' range (toBlock = the block before).
 */
export async function upgradeToBold(dep: ArbitrumDeployment): Promise<void> {
  if (!dep.addresses.boldRollup) await deployBold(dep, { setOutbox: false });
  await pointAt(dep, dep.addresses.boldRollup!);
  const head = await dep.ctx.clock.head();
  const c = dep.rollup.contracts;
  if (c.legacyRollup) c.legacyRollup.toBlock = head.number;
  if (c.legacyChallengeManager) c.legacyChallengeManager.toBlock = head.number;
}
