/**
 * Linea L1 logs → facts.
 *
 * - DataSubmittedV3(parentShnarf, shnarf, finalStateRootHash): the submission tx (blobs) is the
 *   sequencer batch; state_roots ZK_COMMIT with rootIndex = shnarf, parentIndex = parentShnarf,
 *   root = finalStateRootHash. A submission names no L2 block range (V3): l2 columns stay null.
 *   Submissions carry no number on L1: batchNumber = L1 block × 10^6 + log index, monotonic in
 *   submission order (the shnarf, in extra, is the identity).
 * - DataFinalizedV3(start, end, shnarf, parentRoot, finalRoot): proof verified and blocks
 *   finalized in one call: ZK_PROOF (subIndex 0) and ZK_EXECUTE (subIndex 1), rootIndex = the
 *   shnarf of the last submission it finalizes, l2BlockNumber = end, extra.startBlockNumber.
 * - MessageSent (+ the RollingHashUpdated of the same message): bridge_messages DEPOSIT INITIATED
 *   keyed by the message hash, with the message number of the rolling hash.
 * - MessageClaimed(hash): bridge_messages WITHDRAWAL FINALIZED (an L2→L1 message claimed on L1).
 * Linea has no forced path (definition forcedPath 'none'): nothing goes to forced_messages.
 */
import { toEventSelector } from 'viem';
import type { LineaRollup } from '../../rollups/types.ts';
import { emptyFacts, type DecodeContext, type Facts, type SourceBatch } from '../types.ts';
import { commitCosts } from '../zk-common/commitTx.ts';
import { decodeLog, eventDecoder, groupByTransaction, logProvenance, toSafeNumber } from '../zk-common/facts.ts';
import { dataSubmittedV3, messageEvents, rollingHashUpdated, rollupEvents } from './abi.ts';

const decoder = eventDecoder([...rollupEvents, ...messageEvents]);
const submittedTopic = toEventSelector(dataSubmittedV3);
const rollingTopic = toEventSelector(rollingHashUpdated);

/** batchNumber of a Linea submission: L1 block × BATCH_NUMBER_BLOCK_FACTOR + log index. */
export const BATCH_NUMBER_BLOCK_FACTOR = 1_000_000n;

export async function decodeLinea(def: LineaRollup, batch: SourceBatch, _ctx: DecodeContext): Promise<Facts> {
  const facts = emptyFacts();
  const chainId = batch.source.chainId;
  const rollup = def.contracts.lineaRollup.address.toLowerCase();
  const logs = batch.logs.filter((l) => l.address.toLowerCase() === rollup);
  for (const [, txLogs] of groupByTransaction(logs)) {
    const submissions = txLogs.filter((l) => l.topics[0] === submittedTopic);
    for (const log of txLogs) {
      const decoded = decodeLog(decoder, log);
      if (!decoded) continue;
      const base = Object.assign(logProvenance(chainId, log), { rollupId: def.id });
      const tx = batch.transactions.get(log.transactionHash);
      switch (decoded.eventName) {
        case 'DataSubmittedV3': {
          const { parentShnarf, shnarf, finalStateRootHash } = decoded.args;
          const where = { rollupId: def.id, event: decoded.eventName, blockNumber: log.blockNumber, txHash: log.transactionHash };
          const { tx: txTotals, ...costs } = commitCosts(tx, { index: submissions.indexOf(log), count: submissions.length }, where);
          facts.sequencerBatches.push(Object.assign({}, base, {
            batchNumber: (BigInt(log.blockNumber) * BATCH_NUMBER_BLOCK_FACTOR + BigInt(log.logIndex)).toString(),
            ...costs,
            l2BlockStart: null, l2BlockEnd: null, l2TimeStart: null, l2TimeEnd: null,
            delayedMessagesRead: null,
            forced: false,
            extra: { shnarf, parentShnarf, finalStateRootHash, tx: txTotals },
          }));
          facts.stateRoots.push(Object.assign({}, base, { kind: 'ZK_COMMIT', rootIndex: shnarf, parentIndex: parentShnarf, root: finalStateRootHash,
            l2BlockNumber: null, l2BlockHash: null, proposer: costs.submitter, extra: null,
          }));
          break;
        }
        case 'DataFinalizedV3': {
          const { startBlockNumber, endBlockNumber, shnarf, parentStateRootHash, finalStateRootHash } = decoded.args;
          const end = toSafeNumber(endBlockNumber, 'DataFinalizedV3.endBlockNumber');
          const extra = { startBlockNumber: toSafeNumber(startBlockNumber, 'DataFinalizedV3.startBlockNumber'), parentStateRootHash };
          for (const [subIndex, kind] of [[0, 'ZK_PROOF'], [1, 'ZK_EXECUTE']] as const) {
            facts.stateRoots.push(Object.assign(logProvenance(chainId, log, subIndex), {
              rollupId: def.id, kind, rootIndex: shnarf, parentIndex: null,
              root: finalStateRootHash, l2BlockNumber: end, l2BlockHash: null, proposer: tx?.from.toLowerCase() ?? null, extra,
            }));
          }
          break;
        }
        case 'MessageSent': {
          const { _from, _to, _fee, _value, _nonce, _calldata, _messageHash } = decoded.args;
          const rolling = txLogs.find((l) => l.topics[0] === rollingTopic && l.topics[3]?.toLowerCase() === _messageHash.toLowerCase());
          facts.bridgeMessages.push(Object.assign({}, base, { direction: 'DEPOSIT', kind: 'MESSAGE', messageId: _messageHash, stage: 'INITIATED',
            sender: _from, recipient: _to, token: null, amount: _value.toString(), l2TxHash: null,
            extra: {
              fee: _fee.toString(), nonce: _nonce.toString(), calldataBytes: (_calldata.length - 2) / 2,
              messageNumber: rolling ? BigInt(rolling.topics[1]!).toString() : null,
              rollingHash: rolling ? rolling.topics[2]! : null,
            },
          }));
          break;
        }
        case 'MessageClaimed': {
          facts.bridgeMessages.push(Object.assign({}, base, { direction: 'WITHDRAWAL', kind: 'MESSAGE', messageId: decoded.args._messageHash, stage: 'FINALIZED',
            sender: null, recipient: null, token: null, amount: null, l2TxHash: null, extra: null,
          }));
          break;
        }
        case 'RollingHashUpdated':
          break; // folded into its MessageSent row
      }
    }
  }
  return facts;
}
