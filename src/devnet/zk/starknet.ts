/**
 * Starknet simulator on StarknetCoreEmulator: L1→L2 messages, state updates (updateStateKzgDA with
 * the StarknetOS output layout) that consume them and send L2→L1 messages, and their consumption.
 */
import type { Hex } from 'viem';
import type { Address, StarknetRollup } from '../../rollups/types.ts';
import { l1ToL2MessageHash, l2ToL1MessageHash } from '../../stacks/starknet/index.ts';
import type { DevnetContext } from '../context.ts';
import { loadArtifact } from '../compile.ts';
import { eventRef, fillerBlobs, share, word, zkAccounts } from './common.ts';

export interface StarknetSim {
  definition: StarknetRollup;
  sendMessageToL2(): Promise<void>;
  /** One state update of `blocks` L2 blocks, consuming every pending L1→L2 message and sending `toL1` L2→L1 messages. */
  updateState(blocks: number, toL1?: number): Promise<void>;
  /** The L1 recipient consumes the oldest unconsumed L2→L1 message. */
  consumeMessageFromL2(): Promise<void>;
}

const L2_CONTRACT = 0x049d36570d4e46f48e99674bd3fcc84644ddd6b96f7c741b1562b82f9e004dc7n;
const SELECTOR = 0x02d757788a8d8d6f21d1cd40bce38a8222d70654214e96ff95d8086e684fbee5n;

export async function createStarknetSim(ctx: DevnetContext, opts: { id?: string } = {}): Promise<StarknetSim> {
  const a = zkAccounts(ctx);
  const id = opts.id ?? 'starknet-devnet';
  const deployed = await ctx.deploy({ artifact: 'StarknetCoreEmulator', args: [a.starknetOperator.address, 0x1000n, 0n], name: `${id}:core` });
  const from = deployed.tx.ref.blockNumber;
  const definition: StarknetRollup = {
    id, name: 'Starknet (devnet)', stack: 'starknet', l1ChainId: ctx.l1.chainId, l2ChainId: 0x534e5f44, startBlock: from,
    contracts: { core: { address: deployed.address, fromBlock: from } }, forcedPath: 'none',
  };
  ctx.recorder.addRollup(definition);
  const abi = loadArtifact('StarknetCoreEmulator').abi;
  const truth = ctx.recorder.truth;
  const user = a.user.address.toLowerCase() as Address;
  let root = 0x1000n;
  let block = 0;
  let nonce = 0n;
  const pendingToL2: { nonce: bigint; payload: bigint[]; id: Hex }[] = [];
  const toL1: { payload: bigint[]; id: Hex; consumed: boolean }[] = [];

  return {
    definition,
    async sendMessageToL2() {
      const payload = [BigInt(user), 10n ** 15n, 0n];
      const n = nonce++;
      const messageId = l1ToL2MessageHash({ fromAddress: user, toAddress: L2_CONTRACT, nonce: n, selector: SELECTOR, payload });
      pendingToL2.push({ nonce: n, payload, id: messageId });
      await ctx.write({
        account: a.user, address: deployed.address, abi, functionName: 'sendMessageToL2', args: [L2_CONTRACT, SELECTOR, payload], value: 10n ** 14n,
        build: (tx) => {
          truth.bridgeMessages.push({ rollupId: id, direction: 'DEPOSIT', kind: 'MESSAGE', messageId, from: user, to: word(L2_CONTRACT), stages: { INITIATED: eventRef(tx, 'LogMessageToL2') } });
        },
      });
    },
    async updateState(blocks, sendToL1 = 0) {
      const prevBlock = block;
      const newBlock = block + blocks;
      const newRoot = root + 1n;
      const outL1 = Array.from({ length: sendToL1 }, (_, i) => [BigInt(newBlock), BigInt(i)]);
      const toL1Segment = outL1.flatMap((p) => [L2_CONTRACT, BigInt(user), BigInt(p.length), ...p]);
      const consumed = pendingToL2.splice(0);
      const toL2Segment = consumed.flatMap((m) => [BigInt(user), L2_CONTRACT, m.nonce, SELECTOR, BigInt(m.payload.length), ...m.payload]);
      // Header, then the KZG segment (z, n_blobs = 1, 2 commitment felts, 2 evaluation felts), then the message segments.
      const output = [root, newRoot, BigInt(prevBlock), BigInt(newBlock), BigInt(prevBlock) + 0xb00n, BigInt(newBlock) + 0xb00n, 0x05n, 0x06n, 1n, 0n,
        0x7a7an, 1n, 1n, 2n, 3n, 4n,
        BigInt(toL1Segment.length), ...toL1Segment, BigInt(toL2Segment.length), ...toL2Segment];
      await ctx.write({
        account: a.starknetOperator, address: deployed.address, abi, functionName: 'updateStateKzgDA', args: [output, ['0x00']], blobs: fillerBlobs(1, 50_000 + newBlock),
        build: (tx) => {
          const l1 = eventRef(tx, 'LogStateUpdate');
          const blobsUsed = tx.receipt.blobGasUsed ? Number(tx.receipt.blobGasUsed / 131_072n) : 0;
          truth.batches.push({
            rollupId: id, batchNumber: String(newBlock), l1, submitter: tx.from.toLowerCase() as Address, dataLocation: 'BLOB', bytesPosted: share(blobsUsed * 131_072, 0, 1), blobCount: blobsUsed,
            l2BlockStart: prevBlock + 1, l2BlockEnd: newBlock, l2TimeStart: 0, l2TimeEnd: 0,
          });
          for (const kind of ['STATE_UPDATE', 'ZK_PROOF'] as const) {
            truth.stateRoots.push({ rollupId: id, kind, index: String(newBlock), root: word(newRoot), l2BlockNumber: newBlock, l1, proposer: tx.from.toLowerCase() as Address, statusChanges: [] });
          }
          consumed.forEach((m, i) => {
            const msg = truth.bridgeMessages.find((b) => b.rollupId === id && b.messageId === m.id)!;
            msg.stages.INCLUDED = eventRef(tx, 'ConsumedMessageToL2', i);
          });
          outL1.forEach((payload, i) => {
            const messageId = l2ToL1MessageHash({ fromAddress: L2_CONTRACT, toAddress: user, payload });
            toL1.push({ payload, id: messageId, consumed: false });
            truth.bridgeMessages.push({ rollupId: id, direction: 'WITHDRAWAL', kind: 'MESSAGE', messageId, from: word(L2_CONTRACT), to: user, stages: { PROVEN: eventRef(tx, 'LogMessageToL1', i) } });
          });
        },
      });
      root = newRoot;
      block = newBlock;
    },
    async consumeMessageFromL2() {
      const m = toL1.find((x) => !x.consumed);
      if (!m) throw new Error('starknet simulator: no L2→L1 message to consume');
      m.consumed = true;
      await ctx.write({
        account: a.user, address: deployed.address, abi, functionName: 'consumeMessageFromL2', args: [L2_CONTRACT, m.payload],
        build: (tx) => {
          const msg = truth.bridgeMessages.find((b) => b.rollupId === id && b.messageId === m.id && !b.stages.FINALIZED)!;
          msg.stages.FINALIZED = eventRef(tx, 'ConsumedMessageToL1');
        },
      });
    },
  };
}
