/**
 * Deploys the OP Stack emulator set on the devnet L1 (and its predeploys on the L2 anvil) and
 * builds the OpStackRollup definition of the devnet rollup.
 *
 * Layout (mirrors mainnet): SystemConfig; the portal behind an OpProxy (OptimismPortal + an
 * L2OutputOracle in the legacy era, OptimismPortal2 + DisputeGameFactory in the fault-proof era;
 * upgradeToFaultProofs() switches the same proxy); L1CrossDomainMessenger and L1StandardBridge;
 * an ERC20 for bridge scenarios. On the L2: L2ToL1MessagePasser, L2CrossDomainMessenger and
 * L2StandardBridge at their predeploy addresses (anvil_setCode).
 */
import { encodeDeployData, encodeFunctionData, pad, zeroAddress, type Abi, type Hex } from 'viem';
import type { HDAccount } from 'viem/accounts';
import type { Address, OpStackRollup } from '../../rollups/types.ts';
import type { DevnetContext } from '../context.ts';
import { loadArtifact } from '../compile.ts';
import { L2_CROSS_DOMAIN_MESSENGER, L2_STANDARD_BRIDGE, L2_TO_L1_MESSAGE_PASSER, MAINNET_PARAMS } from './protocol.ts';
import { abiOf, lower, writeL1, type OpAccounts, type OpParams, type OpState } from './state.ts';

export interface DeployOpStackOptions {
  ctx: DevnetContext;
  /** Rollup id (also the L2 chain's name in the context), e.g. `op-devnet`. */
  id: string;
  name?: string;
  /** Chain id of the L2 anvil; started with ctx.addL2 unless ctx.l2s[id] exists. */
  l2ChainId: number;
  /** 'faultProofs' (default): OptimismPortal2 + DisputeGameFactory; 'legacy': OptimismPortal + L2OutputOracle. */
  era?: 'legacy' | 'faultProofs';
  /** Protocol parameters; defaults are mainnet's except submissionInterval (30 L2 blocks). */
  params?: Partial<OpParams>;
  /** Signers; defaults: owner = context account 13, batcher 10 (then 40–42), proposer 11, challenger 12, users 43–44. */
  signers?: Partial<OpAccounts>;
}

export const DEFAULT_PARAMS: OpParams = {
  sequencingWindowBlocks: MAINNET_PARAMS.sequencingWindowBlocks,
  l2BlockTime: MAINNET_PARAMS.l2BlockTime,
  proofMaturityDelaySeconds: MAINNET_PARAMS.proofMaturityDelaySeconds,
  disputeGameFinalityDelaySeconds: MAINNET_PARAMS.disputeGameFinalityDelaySeconds,
  finalizationPeriodSeconds: MAINNET_PARAMS.finalizationPeriodSeconds,
  submissionInterval: 30,
  gameType: 0,
  maxGameDepth: MAINNET_PARAMS.maxGameDepth,
  splitDepth: MAINNET_PARAMS.splitDepth,
  maxClockDuration: MAINNET_PARAMS.maxClockDuration,
  clockExtension: MAINNET_PARAMS.clockExtension,
  initBondWei: MAINNET_PARAMS.initBondWei,
};

/** Ecotone fee scalars of Base (SystemConfig FEE_SCALARS at deploy). */
const BASEFEE_SCALAR = 2269;
const BLOBBASEFEE_SCALAR = 1_055_762;
const L2_GAS_LIMIT = 30_000_000n;
const FUNDING = 10_000n * 10n ** 18n;

/** OP-style batch inbox: 0xff00…00<l2 chain id in decimal digits>. */
export function batchInboxFor(l2ChainId: number): Address {
  const digits = String(l2ChainId);
  return `0xff${digits.padStart(38, '0')}` as Address;
}

export function defaultOpAccounts(ctx: DevnetContext): OpAccounts {
  const a = ctx.accounts;
  return {
    owner: a.opGuardian,
    batchers: [a.opBatcher, a.byIndex(40), a.byIndex(41), a.byIndex(42)],
    proposer: a.opProposer,
    challenger: a.opChallenger,
    users: [a.byIndex(43), a.byIndex(44)],
  };
}

export async function deployOpStack(opts: DeployOpStackOptions): Promise<OpState> {
  const { ctx, id } = opts;
  const params: OpParams = { ...DEFAULT_PARAMS, ...opts.params };
  const accounts: OpAccounts = { ...defaultOpAccounts(ctx), ...opts.signers };
  const l1 = ctx.l1;
  const l2 = ctx.l2s[id] ?? (await ctx.addL2({ rollupId: id, chainId: opts.l2ChainId, blockTime: params.l2BlockTime }));

  const funded = [...accounts.batchers, accounts.owner, accounts.proposer, accounts.challenger, ...accounts.users];
  for (const acct of funded) await l1.rpc('anvil_setBalance', [acct.address, `0x${FUNDING.toString(16)}`]);
  for (const acct of accounts.users) await l2.rpc('anvil_setBalance', [acct.address, `0x${FUNDING.toString(16)}`]);

  // Genesis: the L1 head before deployment, and an L2 block at (or after) its time.
  const l1Genesis = await l1.clock.head();
  await l2.rpc('evm_setAutomine', [false]);
  let l2Genesis = await l2.clock.head();
  if (l2Genesis.timestamp < l1Genesis.timestamp) {
    await l2.rpc('evm_mine', [l1Genesis.timestamp]);
    l2Genesis = await l2.clock.head();
  }

  const batchInbox = batchInboxFor(l2.chainId);
  const owner = accounts.owner;
  const deploy = (artifact: string, args: readonly unknown[]) => ctx.deploy({ account: owner, artifact, args });

  const systemConfig = await deploy('SystemConfig', [
    owner.address, BASEFEE_SCALAR, BLOBBASEFEE_SCALAR, pad(accounts.batchers[0]!.address, { size: 32 }), L2_GAS_LIMIT, owner.address, batchInbox,
  ]);
  const proxy = await deploy('OpProxy', [owner.address]);
  const portalAbi = mergeAbis(['OpProxy', 'OptimismPortal', 'OptimismPortal2']);
  ctx.recorder.registerContract({ chainId: l1.chainId, address: proxy.address, abi: portalAbi, name: 'OptimismPortalProxy' });
  const messenger = await deploy('L1CrossDomainMessenger', [proxy.address]);
  const bridge = await deploy('L1StandardBridge', [messenger.address]);
  const token = await deploy('OpTestToken', ['Devnet Token', 'DVT']);

  const definition: OpStackRollup = {
    id,
    name: opts.name ?? id,
    stack: 'opstack',
    l1ChainId: l1.chainId,
    l2ChainId: l2.chainId,
    startBlock: systemConfig.tx.ref.blockNumber,
    contracts: {
      optimismPortal: { address: proxy.address, fromBlock: proxy.tx.ref.blockNumber },
      systemConfig: { address: systemConfig.address, fromBlock: systemConfig.tx.ref.blockNumber },
      l1StandardBridge: { address: bridge.address, fromBlock: bridge.tx.ref.blockNumber },
    },
    batchInbox,
    initialBatcher: lower(accounts.batchers[0]!.address),
    genesis: { l1Block: l1Genesis.number, l2Block: l2Genesis.number, l2Time: l2Genesis.timestamp, blockTime: params.l2BlockTime },
    sequencingWindowBlocks: params.sequencingWindowBlocks,
    beaconUrl: l1.rpcUrl,
  };

  const s: OpState = {
    id,
    ctx,
    l1,
    l2,
    recorder: ctx.recorder,
    truth: ctx.recorder.truth,
    params,
    accounts,
    addresses: {
      systemConfig: systemConfig.address,
      optimismPortal: proxy.address,
      l1CrossDomainMessenger: messenger.address,
      l1StandardBridge: bridge.address,
      testToken: token.address,
      testTokenL2: '0x00000000000000000000000000000000000d0d0d',
      batchInbox,
    },
    definition,
    era: opts.era ?? 'faultProofs',
    l2Blocks: [],
    pendingL2Txs: [],
    l2Nonces: new Map(),
    batcher: { index: 0, nextL2Block: l2Genesis.number + 1 },
    outputs: [],
    games: [],
    withdrawals: [],
  };

  if (s.era === 'legacy') {
    const oracle = await deploy('L2OutputOracle', [
      BigInt(params.submissionInterval), BigInt(params.l2BlockTime), BigInt(l2Genesis.number), BigInt(l2Genesis.timestamp),
      accounts.proposer.address, accounts.challenger.address, BigInt(params.finalizationPeriodSeconds),
    ]);
    const impl = await deploy('OptimismPortal', []);
    await upgradePortal(s, impl.address, encodeFunctionData({ abi: abiOf('OptimismPortal'), functionName: 'initialize', args: [oracle.address, systemConfig.address, owner.address] }));
    s.addresses.l2OutputOracle = oracle.address;
    definition.contracts.l2OutputOracle = { address: oracle.address, fromBlock: oracle.tx.ref.blockNumber };
  } else {
    await deployFaultProofs(s);
  }
  await writeL1(s, owner, {
    address: systemConfig.address, artifact: 'SystemConfig', functionName: 'setAddresses',
    args: [proxy.address, messenger.address, bridge.address, s.addresses.l2OutputOracle ?? zeroAddress, s.addresses.disputeGameFactory ?? zeroAddress],
  });

  await installL2Predeploys(s);
  ctx.recorder.addRollup(definition);
  return s;
}

/** Deploys the factory, the game configuration and OptimismPortal2, and points the portal proxy at it. */
export async function deployFaultProofs(s: OpState): Promise<void> {
  const { ctx, params, accounts } = s;
  const owner = accounts.owner;
  const deploy = (artifact: string, args: readonly unknown[]) => ctx.deploy({ account: owner, artifact, args });
  const factory = await deploy('DisputeGameFactory', [owner.address]);
  const impl = await deploy('FaultDisputeGame', [
    params.gameType, pad('0x00', { size: 32 }), '0x', zeroAddress, BigInt(params.maxGameDepth), BigInt(params.splitDepth),
    BigInt(params.maxClockDuration), BigInt(params.clockExtension), ABSOLUTE_PRESTATE, BigInt(s.definition.l2ChainId),
  ]);
  await writeL1(s, owner, { address: factory.address, artifact: 'DisputeGameFactory', functionName: 'setImplementation', args: [params.gameType, impl.address] });
  await writeL1(s, owner, { address: factory.address, artifact: 'DisputeGameFactory', functionName: 'setInitBond', args: [params.gameType, params.initBondWei] });
  const portal2 = await deploy('OptimismPortal2', [BigInt(params.proofMaturityDelaySeconds), BigInt(params.disputeGameFinalityDelaySeconds)]);
  const upgrade = await upgradePortal(
    s,
    portal2.address,
    encodeFunctionData({ abi: abiOf('OptimismPortal2'), functionName: 'initialize', args: [factory.address, s.addresses.systemConfig, owner.address, params.gameType] }),
  );
  s.addresses.disputeGameFactory = factory.address;
  s.addresses.faultDisputeGameImpl = impl.address;
  s.definition.contracts.disputeGameFactory = { address: factory.address, fromBlock: factory.tx.ref.blockNumber };
  if (s.definition.contracts.l2OutputOracle) s.definition.contracts.l2OutputOracle.toBlock = upgrade.ref.blockNumber;
  s.era = 'faultProofs';
}

/** Cannon absolute prestate of op-program (any 32 bytes with VM status byte 0x03 "unfinished"). */
const ABSOLUTE_PRESTATE: Hex = '0x03ab262ce9d0e4a5a2c8f2a1fe3a4c2d1bd6a0f3e5f0d1d2c9a4e58e4c1e7a6b';

function upgradePortal(s: OpState, impl: Address, initData: Hex) {
  return writeL1(s, s.accounts.owner, { address: s.addresses.optimismPortal, artifact: 'OpProxy', functionName: 'upgradeToAndCall', args: [impl, initData] });
}

function mergeAbis(artifacts: string[]): Abi {
  const seen = new Set<string>();
  const out: Abi[number][] = [];
  for (const name of artifacts) {
    for (const item of loadArtifact(name).abi as Abi) {
      const k = JSON.stringify(item);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(item);
      }
    }
  }
  return out as Abi;
}

/** Runtime code of a contract constructed with `args`, obtained by eth_call of its creation code. */
async function runtimeCode(s: OpState, artifact: string, args: readonly unknown[]): Promise<Hex> {
  const a = loadArtifact(artifact);
  const data = encodeDeployData({ abi: a.abi as Abi, bytecode: a.bytecode, args } as Parameters<typeof encodeDeployData>[0]);
  const r = await s.l2.public.call({ data });
  if (!r.data || r.data === '0x') throw new Error(`[opstack ${s.id}] constructing ${artifact} by eth_call returned no code`);
  return r.data;
}

async function installL2Predeploys(s: OpState): Promise<void> {
  const predeploys: [Address, string, readonly unknown[]][] = [
    [L2_TO_L1_MESSAGE_PASSER, 'L2ToL1MessagePasser', []],
    [L2_CROSS_DOMAIN_MESSENGER, 'L2CrossDomainMessenger', [s.addresses.l1CrossDomainMessenger]],
    [L2_STANDARD_BRIDGE, 'L2StandardBridge', [s.addresses.l1StandardBridge]],
  ];
  for (const [address, artifact, args] of predeploys) {
    await s.l2.rpc('anvil_setCode', [address, await runtimeCode(s, artifact, args)]);
    s.recorder.registerContract({ chainId: s.l2.chainId, address, abi: abiOf(artifact), name: artifact });
  }
}

export type { HDAccount };
