/**
 * The delayed inbox accumulator is nitro's: each MessageDelivered.beforeInboxAcc equals
 * keccak256(prevAcc ‖ Messages.messageHash(...)) recomputed here from the previous event, on the
 * normal path and on the load path (sendL2MessageBulk), and InboxMessageDelivered carries the
 * payload whose keccak256 is messageDataHash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePacked, keccak256, type Hex } from 'viem';
import { createDevnetContext, type DevnetContext } from '../context.ts';
import { deployArbitrum, type ArbitrumDeployment } from './deploy.ts';
import { depositEth, sendL2Message } from './delayed.ts';
import type { TruthEvent } from '../truth.ts';

let ctx: DevnetContext;
let dep: ArbitrumDeployment;
beforeAll(async () => {
  ctx = await createDevnetContext({ scenario: 'delayed-test' });
  dep = await deployArbitrum(ctx, {});
});
afterAll(async () => { await ctx?.stop(); });

const messageHash = (e: TruthEvent, blockNumber: number) => keccak256(encodePacked(
  ['uint8', 'address', 'uint64', 'uint64', 'uint256', 'uint256', 'bytes32'],
  [Number(e.args.kind), e.args.sender as Hex, BigInt(blockNumber), BigInt(e.args.timestamp as string), BigInt(e.args.messageIndex as string), BigInt(e.args.baseFeeL1 as string), e.args.messageDataHash as Hex],
));

describe('delayed inbox accumulator', () => {
  it('chains MessageDelivered exactly like nitro Messages.sol on the normal and the bulk path', async () => {
    await depositEth(dep, { from: ctx.accounts.users[0]!, amount: 10n ** 17n });
    await ctx.write({ account: ctx.accounts.users[1]!, address: dep.addresses.inbox, abi: dep.abi.inbox, functionName: 'sendL2MessageBulk', args: [`0x${'11'.repeat(32)}`, 3n] });
    await sendL2Message(dep, { from: ctx.accounts.users[2]! });
    const delivered = ctx.recorder.truth.events.filter((e) => e.eventName === 'MessageDelivered');
    const payloads = new Map(ctx.recorder.truth.events.filter((e) => e.eventName === 'InboxMessageDelivered').map((e) => [String(e.args.messageNum), e.args.data as Hex]));
    expect(delivered.map((e) => Number(e.args.messageIndex))).toEqual([0, 1, 2, 3, 4]);
    let acc = `0x${'0'.repeat(64)}` as Hex;
    for (const e of delivered) {
      expect(e.args.beforeInboxAcc).toBe(acc);
      expect(keccak256(payloads.get(String(e.args.messageIndex))!)).toBe(e.args.messageDataHash);
      acc = keccak256(encodePacked(['bytes32', 'bytes32'], [acc, messageHash(e, e.blockNumber)]));
    }
    const onChain = await ctx.l1.public.readContract({ address: dep.addresses.bridge, abi: dep.abi.bridge, functionName: 'delayedInboxAccs', args: [4n] });
    expect(onChain).toBe(acc);
  });
});
