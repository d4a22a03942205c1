/**
 * Starknet core logs → facts.
 *
 * - LogStateUpdate(globalRoot, blockNumber, blockHash): the proof is verified (the fact registered
 *   by the SHARP verifier) and the state updated in one call: state_roots STATE_UPDATE (subIndex
 *   0) and ZK_PROOF (subIndex 1) with rootIndex = l2BlockNumber = blockNumber, root = globalRoot,
 *   l2BlockHash = blockHash. The
 *   update tx is also the sequencer batch: batchNumber = blockNumber, L2 range (previous state
 *   block + 1 … blockNumber), previous = stateBlockNumber() at the prior L1 block or an earlier
 *   update in the same block.
 * - LogMessageToL2 (both versions) / ConsumedMessageToL2: bridge_messages DEPOSIT INITIATED /
 *   INCLUDED (consumed = the L2 handled it, L1 learns with the state update), keyed by the
 *   message hash computed as StarknetMessaging does.
 * - LogMessageToL1 / ConsumedMessageToL1: bridge_messages WITHDRAWAL PROVEN (the state update
 *   put the message on L1, consumable now) / FINALIZED (consumed by its L1 recipient).
 * No forced path (definition forcedPath 'none').
 */
import { toEventSelector } from 'viem';
import type { Address, StarknetRollup } from '../../rollups/types.ts';
import { emptyFacts, type DecodeContext, type Facts, type SourceBatch } from '../types.ts';
import { commitCosts } from '../zk-common/commitTx.ts';
import { decodeLog, eventDecoder, groupByTransaction, logProvenance, toSafeNumber, word } from '../zk-common/facts.ts';
import { coreCalls, logMessageToL2Legacy, logStateUpdate, messageEvents, stateEvents } from './abi.ts';
import { l1ToL2MessageHash, l2ToL1MessageHash } from './messages.ts';

const decoder = eventDecoder([...stateEvents, ...messageEvents]);
const stateTopic = toEventSelector(logStateUpdate);
const legacyToL2Topic = toEventSelector(logMessageToL2Legacy);
/** Payloads longer than this are summarized (length only) in extra. */
const MAX_PAYLOAD_IN_EXTRA = 64;

const payloadExtra = (payload: readonly bigint[]) =>
  payload.length <= MAX_PAYLOAD_IN_EXTRA ? { payload: payload.map((p) => word(p)), payloadLength: payload.length } : { payloadLength: payload.length };

export async function decodeStarknet(def: StarknetRollup, batch: SourceBatch, ctx: DecodeContext): Promise<Facts> {
  const facts = emptyFacts();
  const chainId = batch.source.chainId;
  const core = def.contracts.core.address.toLowerCase();
  const logs = batch.logs.filter((l) => l.address.toLowerCase() === core);
  for (const [, txLogs] of groupByTransaction(logs)) {
    const updates = txLogs.filter((l) => l.topics[0] === stateTopic);
    for (const log of txLogs) {
      const decoded = decodeLog(decoder, log);
      if (!decoded) continue;
      const base = Object.assign(logProvenance(chainId, log), { rollupId: def.id });
      switch (decoded.eventName) {
        case 'LogStateUpdate': {
          const { globalRoot, blockNumber, blockHash } = decoded.args;
          const l2Block = toSafeNumber(blockNumber, 'LogStateUpdate.blockNumber');
          const earlier = logs.filter((l) => l.blockNumber === log.blockNumber && l.logIndex < log.logIndex && l.topics[0] === stateTopic);
          const previous = earlier.length > 0
            ? Number(BigInt.asIntN(256, BigInt(`0x${earlier[earlier.length - 1]!.data.slice(2 + 64, 2 + 128)}`)))
            : Number(await ctx.readContract<bigint>({ address: def.contracts.core.address, abi: coreCalls, functionName: 'stateBlockNumber', blockNumber: log.blockNumber - 1 }));
          const tx = batch.transactions.get(log.transactionHash);
          const where = { rollupId: def.id, event: decoded.eventName, blockNumber: log.blockNumber, txHash: log.transactionHash };
          const { tx: txTotals, ...costs } = commitCosts(tx, { index: updates.indexOf(log), count: updates.length }, where);
          facts.sequencerBatches.push(Object.assign({}, base, { batchNumber: l2Block.toString(), ...costs,
            l2BlockStart: previous + 1, l2BlockEnd: l2Block, l2TimeStart: null, l2TimeEnd: null,
            delayedMessagesRead: null, forced: false,
            extra: { globalRoot: word(globalRoot), blockHash: word(blockHash), tx: txTotals },
          }));
          // One call verifies the proof and updates the state: STATE_UPDATE (subIndex 0, posted and
          // settled) and ZK_PROOF (subIndex 1, proven), so every ZK stack reports PROVEN the same way.
          for (const [subIndex, kind] of [[0, 'STATE_UPDATE'], [1, 'ZK_PROOF']] as const) {
            facts.stateRoots.push(Object.assign(logProvenance(chainId, log, subIndex), {
              rollupId: def.id, kind, rootIndex: l2Block.toString(),
              parentIndex: previous >= 0 ? previous.toString() : null,
              root: word(globalRoot), l2BlockNumber: l2Block, l2BlockHash: word(blockHash), proposer: costs.submitter,
              extra: { firstL2Block: previous + 1 },
            }));
          }
          break;
        }
        case 'LogMessageToL2':
        case 'ConsumedMessageToL2': {
          const legacy = log.topics[0] === legacyToL2Topic;
          const args = decoded.args as { fromAddress?: Address; from_address?: Address; toAddress?: bigint; to_address?: bigint; selector: bigint; payload: readonly bigint[]; nonce: bigint; fee?: bigint };
          const fromAddress = (args.fromAddress ?? args.from_address)!;
          const toAddress = (args.toAddress ?? args.to_address)!;
          const messageId = l1ToL2MessageHash({ fromAddress, toAddress, nonce: args.nonce, selector: args.selector, payload: args.payload });
          const initiated = decoded.eventName === 'LogMessageToL2';
          facts.bridgeMessages.push(Object.assign({}, base, { direction: 'DEPOSIT', kind: 'MESSAGE', messageId, stage: initiated ? 'INITIATED' : 'INCLUDED',
            sender: fromAddress, recipient: word(toAddress), token: null, amount: null, l2TxHash: null,
            extra: {
              nonce: args.nonce.toString(), selector: word(args.selector), ...payloadExtra(args.payload),
              ...(initiated ? { fee: legacy ? null : args.fee!.toString(), version: legacy ? 'legacy' : 'current' } : {}),
            },
          }));
          break;
        }
        case 'LogMessageToL1':
        case 'ConsumedMessageToL1': {
          const { fromAddress, toAddress, payload } = decoded.args;
          facts.bridgeMessages.push(Object.assign({}, base, { direction: 'WITHDRAWAL', kind: 'MESSAGE', messageId: l2ToL1MessageHash({ fromAddress, toAddress, payload }),
            stage: decoded.eventName === 'LogMessageToL1' ? 'PROVEN' : 'FINALIZED',
            sender: word(fromAddress), recipient: toAddress, token: null, amount: null, l2TxHash: null,
            extra: payloadExtra(payload),
          }));
          break;
        }
      }
    }
  }
  return facts;
}


