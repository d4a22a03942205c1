/**
 * Withdrawals (L2 → L1): ArbSys.withdrawEth on the L2 emits L2ToL1Tx (position = leaf index of the
 * send Merkle tree); once an assertion covering that L2 block is confirmed, the Outbox knows its
 * send root and executeTransaction pays out (OutBoxTransactionExecuted + BridgeCallTriggered).
 *
 * Send tree (what Outbox.calculateMerkleRoot checks): leaves keccak256(itemHash) in position order,
 * padded with zero leaves to 2^depth, depth = ceil(log2(n)); parent = keccak256(left ‖ right).
 * sendRoot(b) = root over the withdrawals made in L2 blocks ≤ b (0x0 when none).
 * Truth: TruthBridgeMessage WITHDRAWAL, kind L2_TO_L1_TX, messageId = position; stages INITIATED
 * (L2 log), INCLUDED (the batch carrying its L2 block), FINALIZED (OutBoxTransactionExecuted).
 */
import { concatHex, keccak256, parseAbiItem, type Address, type Hex } from 'viem';
import type { HDAccount } from 'viem/accounts';
import type { TruthBridgeMessage } from '../truth.ts';
import { ARBSYS_ADDRESS, type ArbitrumDeployment } from './deploy.ts';
import { alignL2Time, syncL2Blocks } from './l2.ts';
import { oneEvent, refOfEvent } from './truth-helpers.ts';

const ZERO = `0x${'0'.repeat(64)}` as Hex;
const l2ToL1Tx = parseAbiItem(
  'event L2ToL1Tx(address caller, address indexed destination, uint256 indexed hash, uint256 indexed position, uint256 arbBlockNum, uint256 ethBlockNum, uint256 timestamp, uint256 callvalue, bytes data)',
);

export interface L2ToL1Message {
  position: bigint;
  caller: Address;
  destination: Address;
  itemHash: Hex;
  arbBlockNum: bigint;
  ethBlockNum: bigint;
  timestamp: bigint;
  callvalue: bigint;
  data: Hex;
}

/** Every L2ToL1Tx of the rollup's L2, in position order. */
export async function readSends(dep: ArbitrumDeployment): Promise<L2ToL1Message[]> {
  const logs = await dep.l2.public.getLogs({ address: ARBSYS_ADDRESS, event: l2ToL1Tx, fromBlock: 0n });
  return logs
    .map((l) => ({
      position: l.args.position!, caller: l.args.caller!, destination: l.args.destination!,
      itemHash: `0x${l.args.hash!.toString(16).padStart(64, '0')}` as Hex,
      arbBlockNum: l.args.arbBlockNum!, ethBlockNum: l.args.ethBlockNum!, timestamp: l.args.timestamp!,
      callvalue: l.args.callvalue!, data: l.args.data!,
    }))
    .sort((a, b) => Number(a.position - b.position));
}

function tree(leaves: Hex[]): Hex[][] {
  let depth = 0;
  while (1 << depth < leaves.length) depth++;
  let layer = [...leaves];
  while (layer.length < 1 << depth) layer.push(ZERO);
  const layers = [layer];
  while (layer.length > 1) {
    const next: Hex[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(keccak256(concatHex([layer[i]!, layer[i + 1]!])));
    layers.push((layer = next));
  }
  return layers;
}

/** Send root and proof of `position` over the first `count` sends. */
export function sendTree(sends: L2ToL1Message[], count: number): { root: Hex; proof(position: number): Hex[] } {
  if (count === 0) return { root: ZERO, proof: () => [] };
  const layers = tree(sends.slice(0, count).map((s) => keccak256(s.itemHash)));
  return {
    root: layers.at(-1)![0]!,
    proof(position) {
      const out: Hex[] = [];
      let i = position;
      for (let d = 0; d < layers.length - 1; d++) {
        out.push(layers[d]![i ^ 1]!);
        i >>= 1;
      }
      return out;
    },
  };
}

/** The send root an assertion at L2 block `l2Block` commits to. */
export async function sendRootAt(dep: ArbitrumDeployment, l2Block: number): Promise<Hex> {
  const sends = await readSends(dep);
  return sendTree(sends, sends.filter((s) => Number(s.arbBlockNum) <= l2Block).length).root;
}

/** A user withdraws `value` wei to `to` on L1 (one L2 block). */
export async function withdrawOnL2(dep: ArbitrumDeployment, opts: { from: HDAccount; to?: Address; value: bigint }): Promise<TruthBridgeMessage> {
  const { ctx, l2 } = dep;
  // ArbOS reports the L1 block it has seen; set the emulator's slot 1 (l1BlockNumber) directly.
  const l1Head = await ctx.clock.head();
  await l2.rpc('anvil_setStorageAt', [ARBSYS_ADDRESS, '0x1', `0x${l1Head.number.toString(16).padStart(64, '0')}`]);
  await alignL2Time(dep);
  let out: TruthBridgeMessage | undefined;
  const to = (opts.to ?? opts.from.address).toLowerCase() as Address;
  await ctx.write({
    chain: l2, account: opts.from, address: ARBSYS_ADDRESS, abi: dep.abi.arbSys, functionName: 'withdrawEth', args: [to], value: opts.value,
    build: (tx) => {
      const ev = oneEvent(tx.events, 'L2ToL1Tx', 'withdrawEth');
      out = {
        rollupId: dep.rollupId, direction: 'WITHDRAWAL', kind: 'L2_TO_L1_TX', messageId: String(ev.args.position),
        from: opts.from.address.toLowerCase() as Address, to, amount: opts.value.toString(), stages: { INITIATED: refOfEvent(ev) },
      };
      ctx.recorder.truth.bridgeMessages.push(out);
    },
  });
  await syncL2Blocks(dep);
  return out!;
}

/**
 * Executes withdrawal `position` on L1 against the Outbox's latest send root that covers it
 * (`confirmedL2Block` = the L2 block of the latest confirmed assertion).
 */
export async function executeWithdrawal(dep: ArbitrumDeployment, opts: { position: bigint; confirmedL2Block: number; from?: HDAccount }): Promise<TruthBridgeMessage> {
  const sends = await readSends(dep);
  const count = sends.filter((s) => Number(s.arbBlockNum) <= opts.confirmedL2Block).length;
  const s = sends[Number(opts.position)];
  if (!s || Number(opts.position) >= count) throw new Error(`executeWithdrawal: position ${opts.position} not covered by a send root at L2 block ${opts.confirmedL2Block}`);
  const t = sendTree(sends, count);
  const msg = dep.ctx.recorder.truth.bridgeMessages.find((m) => m.rollupId === dep.rollupId && m.direction === 'WITHDRAWAL' && m.messageId === String(opts.position));
  await dep.ctx.write({
    account: opts.from ?? dep.accounts.users[0]!,
    address: dep.addresses.outbox,
    abi: dep.abi.outbox,
    functionName: 'executeTransaction',
    args: [t.proof(Number(opts.position)), opts.position, s.caller, s.destination, s.arbBlockNum, s.ethBlockNum, s.timestamp, s.callvalue, s.data],
    build: (tx) => {
      const ev = oneEvent(tx.events, 'OutBoxTransactionExecuted', 'executeTransaction');
      if (msg) msg.stages.FINALIZED = refOfEvent(ev);
    },
  });
  if (!msg) throw new Error(`executeWithdrawal: withdrawal ${opts.position} was not recorded by withdrawOnL2`);
  return msg;
}
