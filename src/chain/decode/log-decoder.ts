/**
 * `createLogDecoder(events)`: one registry of compiled event decoders dispatching on topic0 (and on
 * the topic count when two events share a topic0 but index differently, like ERC-20 and ERC-721
 * `Transfer`). Identical events listed twice (same signature, same indexed layout, e.g. an event
 * declared by two contracts) are kept once.
 *
 * @example
 * const decoder = createLogDecoder(parseAbi(['event Transfer(address indexed from, address indexed to, uint256 value)']));
 * const { eventName, args } = decoder.decode(log); // args.value: bigint, args.from: lowercase address
 */
import type { AbiEvent, Hex } from 'viem';
import { LogDecodeError } from './errors.ts';
import { compileEventDecoder, type DecodedEvent, type EventDecoder, type LogInput } from './event.ts';
import type { CompileOptions } from './compile.ts';

/** Union of the decoded shapes of every event of the list. */
export type DecodedLog<abi extends readonly AbiEvent[]> = { [K in keyof abi]: DecodedEvent<abi[K]> }[number];

export interface LogDecoder<abi extends readonly AbiEvent[]> {
  /** Decodes a log of one of the events; throws LogDecodeError for an unknown topic0 or malformed log. */
  decode(log: LogInput): DecodedLog<abi>;
  /** Like decode, but undefined when topic0 is not one of the events (malformed known logs still throw). */
  tryDecode(log: LogInput): DecodedLog<abi> | undefined;
  /** Distinct topic0s, e.g. for an eth_getLogs filter. */
  readonly topics: Hex[];
  decoderFor(topic0: string, topicCount?: number): EventDecoder | undefined;
}

function indexedLayout(event: AbiEvent): string {
  return event.inputs.map((i) => (i.indexed ? '1' : '0')).join('');
}

export function createLogDecoder<const abi extends readonly AbiEvent[]>(events: abi, options: CompileOptions = {}): LogDecoder<abi> {
  // topic0 -> decoders (one per distinct topic count)
  const byTopic = new Map<string, EventDecoder[]>();
  for (const event of events) {
    const decoder = compileEventDecoder(event, options);
    const list = byTopic.get(decoder.topic0) ?? [];
    const same = list.find((d) => d.topicCount === decoder.topicCount);
    if (same) {
      if (indexedLayout(same.event) !== indexedLayout(event)) {
        throw new Error(`Events ${same.signature} (${indexedLayout(same.event)}) and ${decoder.signature} (${indexedLayout(event)}) share topic0 and topic count but index differently: cannot dispatch`);
      }
      continue;
    }
    list.push(decoder);
    byTopic.set(decoder.topic0, list);
  }
  // Fast path: topic0s with a single decoder map straight to it.
  const single = new Map<string, EventDecoder>();
  for (const [topic, list] of byTopic) if (list.length === 1) single.set(topic, list[0]!);

  function decoderFor(topic0: string, topicCount?: number): EventDecoder | undefined {
    const one = single.get(topic0);
    if (one) return one;
    const list = byTopic.get(topic0);
    if (!list) return undefined;
    return topicCount === undefined ? list[0] : list.find((d) => d.topicCount === topicCount);
  }

  function tryDecode(log: LogInput): DecodedLog<abi> | undefined {
    const topic0 = log.topics[0];
    if (topic0 === undefined) return undefined;
    const one = single.get(topic0);
    if (one) return one(log) as DecodedLog<abi>;
    const list = byTopic.get(topic0);
    if (!list) return undefined;
    const match = list.find((d) => d.topicCount === log.topics.length);
    if (!match) {
      throw new LogDecodeError({
        event: list[0]!.event.name, signature: list[0]!.signature, reason: 'no event with this topic0 has this many topics',
        expected: list.map((d) => d.topicCount).join(' or '), actual: `${log.topics.length}`,
        address: log.address, blockNumber: log.blockNumber, transactionHash: log.transactionHash, logIndex: log.logIndex,
      });
    }
    return match(log) as DecodedLog<abi>;
  }

  return {
    decode(log) {
      const decoded = tryDecode(log);
      if (decoded === undefined) {
        throw new LogDecodeError({
          event: 'unknown event', signature: '', reason: 'topic0 matches no event of this decoder', actual: String(log.topics[0]),
          address: log.address, blockNumber: log.blockNumber, transactionHash: log.transactionHash, logIndex: log.logIndex,
        });
      }
      return decoded;
    },
    tryDecode,
    topics: [...byTopic.keys()] as Hex[],
    decoderFor,
  };
}
