/**
 * Reads a batch-posting transaction's input: which SequencerInbox entry point it called and the
 * message counts it declared. Every variant of mainnet history is known (events.md selectors):
 * addSequencerL2BatchFromOrigin (pre-2023 4-argument overload and the current one),
 * addSequencerL2Batch, addSequencerL2BatchFromBlobs, the three DelayProof variants, forceInclusion.
 */
import type { Hex } from 'viem';
import { createCallDecoder } from '../../chain/decode/index.ts';
import { sequencerInboxFunctions } from './abi.ts';

export interface BatchCall {
  functionName: string;
  selector: Hex;
  /** Absent for forceInclusion. */
  sequenceNumber?: bigint;
  afterDelayedMessagesRead: bigint;
  /** Absent for the pre-2023 4-argument FromOrigin overload and for forceInclusion. */
  prevMessageCount?: bigint;
  newMessageCount?: bigint;
  /** Batch data argument of the calldata variants. */
  data?: Hex;
  /** forceInclusion: a user pushing delayed messages past a silent sequencer. */
  forced: boolean;
}

const calls = createCallDecoder(sequencerInboxFunctions);

/** Selectors of every SequencerInbox function this module decodes. */
export const batchCallSelectors: readonly Hex[] = calls.selectors;

/**
 * undefined when the input is not a SequencerInbox batch call (e.g. a multisig or another contract
 * calling the inbox). Throws CallDecodeError when the selector matches but the input is malformed.
 */
export function decodeBatchCall(input: string, transactionHash?: string): BatchCall | undefined {
  const call = calls.tryDecode(input, transactionHash);
  if (!call) return undefined;
  const args = call.args!;
  const named: Record<string, unknown> = {};
  call.abiItem.inputs.forEach((p, i) => { named[p.name!] = args[i]; });
  if (call.functionName === 'forceInclusion') {
    return {
      functionName: call.functionName, selector: call.selector,
      afterDelayedMessagesRead: named._totalDelayedMessagesRead as bigint, forced: true,
    };
  }
  return {
    functionName: call.functionName,
    selector: call.selector,
    sequenceNumber: named.sequenceNumber as bigint,
    afterDelayedMessagesRead: named.afterDelayedMessagesRead as bigint,
    prevMessageCount: named.prevMessageCount as bigint | undefined,
    newMessageCount: named.newMessageCount as bigint | undefined,
    data: named.data as Hex | undefined,
    forced: false,
  };
}
