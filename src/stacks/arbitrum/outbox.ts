/**
 * The Outbox: OutBoxTransactionExecuted → bridge_messages WITHDRAWAL at stage FINALIZED, keyed by
 * transactionIndex (= the position of ArbSys L2ToL1Tx on L2). The event carries no value: when the
 * transaction called Outbox.executeTransaction directly with that index, value (ETH), l2Block,
 * l1Block and l2Timestamp come from its calldata; token amounts of gateway withdrawals live in the
 * gateways' own events, not here.
 *
 * SendRootUpdated is recorded as a parameter change `outboxSendRoot` ({ sendRoot, l2BlockHash }):
 * it is the Outbox learning the send root of a confirmed assertion, not a new state root (the
 * confirmation itself is the NodeConfirmed / AssertionConfirmed state_root_event).
 */
import { createCallDecoder } from '../../chain/decode/index.ts';
import type { ArbitrumRollup } from '../../rollups/types.ts';
import type { Facts, RawLog, RawTransaction } from '../types.ts';
import { outboxFunctions } from './abi.ts';
import type { decoders } from './events.ts';
import { json, lower, provenanceOf } from './rows.ts';

type Args<K extends keyof typeof decoders> = ReturnType<(typeof decoders)[K]>['args'];

const calls = createCallDecoder(outboxFunctions);

export function withdrawalFinalizedRow(rollup: ArbitrumRollup, log: RawLog, e: Args<'OutBoxTransactionExecuted'>, tx: RawTransaction | undefined): Facts['bridgeMessages'][number] {
  let call: readonly unknown[] | undefined;
  let reason: string | undefined;
  if (!tx) reason = 'transaction not available';
  else if (lower(tx.to ?? '0x') !== lower(log.address)) reason = `executed through another contract (${tx.to ?? 'none'}): value unknown`;
  else {
    const decoded = calls.tryDecode(tx.input, tx.hash);
    if (!decoded) reason = `unknown Outbox entry point ${tx.input.slice(0, 10)}: value unknown`;
    else if (decoded.args![1] !== e.transactionIndex) reason = 'calldata index differs from the event: value unknown';
    else call = decoded.args;
  }
  // executeTransaction(proof, index, l2Sender, to, l2Block, l1Block, l2Timestamp, value, data)
  return Object.assign(provenanceOf(rollup.l1ChainId, log), {
    rollupId: rollup.id,
    direction: 'WITHDRAWAL',
    kind: 'L2_TO_L1_TX',
    messageId: e.transactionIndex.toString(),
    stage: 'FINALIZED',
    sender: lower(e.l2Sender),
    recipient: lower(e.to),
    token: null,
    amount: call ? (call[7] as bigint).toString() : null,
    l2TxHash: null,
    extra: json({
      l2Block: call?.[4], l1Block: call?.[5], l2Timestamp: call?.[6],
      dataLength: call ? ((call[8] as string).length - 2) / 2 : undefined,
      zero: e.zero === 0n ? undefined : e.zero,
      reason,
    }) as Record<string, unknown>,
  });
}
