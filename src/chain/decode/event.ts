/**
 * `compileEventDecoder(event)`: a log decoder built once per event ("precompiled per topic0").
 * It returns exactly what viem's `decodeEventLog({ abi: [event], ...log })` returns — same
 * number/bigint split, same shapes for named/unnamed tuples, raw topic for hashed indexed values —
 * except that addresses are lowercase unless `addresses: 'checksum'` is asked for.
 *
 * Input invariant: topics and data are lowercase 0x-hex, as JSON-RPC returns them.
 */
import { toEventSelector, toEventSignature, type AbiEvent, type DecodeEventLogReturnType, type Hex } from 'viem';
import { DataBoundsError, LogDecodeError, type LogOrigin } from './errors.ts';
import { helpers, parameterExprs, topicExpr, type CompileOptions, type CompileScope } from './compile.ts';

/** The part of a log a decoder reads (plus its origin, for error messages). */
export interface LogInput extends LogOrigin {
  topics: readonly string[];
  data: string;
}

export type DecodedEvent<E extends AbiEvent> = DecodeEventLogReturnType<readonly [E]>;

export interface EventDecoder<E extends AbiEvent = AbiEvent> {
  (log: LogInput): DecodedEvent<E>;
  readonly event: E;
  readonly topic0: Hex;
  /** Canonical signature, e.g. `Transfer(address,address,uint256)`. */
  readonly signature: string;
  /** 1 + number of indexed inputs. */
  readonly topicCount: number;
}

/** Builds the error of one log, with its origin. Shared by all generated decoders of an event. */
function errorsFor(event: AbiEvent, signature: string) {
  const base = (log: LogInput) => ({
    event: event.name, signature,
    address: log.address, blockNumber: log.blockNumber, transactionHash: log.transactionHash, logIndex: log.logIndex,
  });
  return {
    topic0: (log: LogInput) =>
      new LogDecodeError({ ...base(log), reason: 'topic0 is not this event', expected: toEventSelector(event), actual: String(log.topics[0]) }),
    topics: (log: LogInput, count: number) =>
      new LogDecodeError({ ...base(log), reason: 'wrong number of topics', expected: `${1 + event.inputs.filter((i) => i.indexed).length}`, actual: `${count}` }),
    topic: (log: LogInput, index: number, topic: string) =>
      new LogDecodeError({ ...base(log), reason: `topic ${index} is not a 32-byte word`, expected: '66 characters', actual: `${topic.length}` }),
    size: (log: LogInput, minChars: number) =>
      new LogDecodeError({
        ...base(log),
        reason: (log.data.length & 1) === 1 ? 'data has an odd number of hex digits' : 'data is truncated',
        expected: `at least ${(minChars - 2) / 2} bytes`,
        actual: `${Math.max(0, (log.data.length - 2) / 2)} bytes`,
      }),
    wrap: (log: LogInput, err: unknown) =>
      err instanceof DataBoundsError
        ? new LogDecodeError({ ...base(log), reason: err.reason, expected: err.expected, actual: err.actual })
        : err instanceof LogDecodeError ? err : new LogDecodeError({ ...base(log), reason: (err as Error).message }, { cause: err }),
  };
}

export function compileEventDecoder<const E extends AbiEvent>(event: E, options: CompileOptions = {}): EventDecoder<E> {
  if (event.anonymous) throw new Error(`Anonymous event ${event.name} has no topic0 to dispatch on`);
  const signature = toEventSignature(event);
  const topic0 = toEventSelector(event);
  const scope: CompileScope = { R: [], P: [], lower: (options.addresses ?? 'lower') === 'lower' };
  const inputs = event.inputs;
  const unnamed = inputs.some((x) => !x.name);

  const indexed = inputs.map((x, i) => [x, i] as const).filter(([x]) => x.indexed);
  const nonIndexed = inputs.map((x, i) => [x, i] as const).filter(([x]) => !x.indexed);
  const byInput = new Array<string>(inputs.length);
  const checks: string[] = [];
  indexed.forEach(([param, i], k) => {
    const v = `t${k + 1}`;
    checks.push(`const ${v} = t[${k + 1}]; if (${v}.length !== 66) throw E.topic(log, ${k + 1}, ${v});`);
    byInput[i] = topicExpr(param, v, scope);
  });
  const data = parameterExprs(nonIndexed.map(([x]) => x), 2, scope);
  nonIndexed.forEach(([, i], k) => { byInput[i] = data.exprs[k]!; });
  const minChars = 2 + 64 * data.headWords;

  // viem assigns indexed args first, then data args; keep that key order for named args.
  const order = [...indexed, ...nonIndexed].map(([, i]) => i);
  const args = inputs.length === 0
    ? 'undefined'
    : unnamed
      ? `[${byInput.join(', ')}]`
      : `{${order.map((i) => `${JSON.stringify(inputs[i]!.name)}: ${byInput[i]}`).join(', ')}}`;

  const source = `
    return function decodeEvent(log) {
      const t = log.topics, d = log.data;
      if (t[0] !== TOPIC0) throw E.topic0(log);
      if (t.length !== ${1 + indexed.length}) throw E.topics(log, t.length);
      ${nonIndexed.length > 0 ? `if (d.length < ${minChars} || (d.length & 1) === 1) throw E.size(log, ${minChars});` : ''}
      ${checks.join('\n      ')}
      try {
        return { eventName: NAME, args: ${args} };
      } catch (err) {
        throw E.wrap(log, err);
      }
    };`;
  const decode = new Function('h', 'R', 'P', 'E', 'TOPIC0', 'NAME', source)(
    helpers, scope.R, scope.P, errorsFor(event, signature), topic0, event.name,
  ) as (log: LogInput) => DecodedEvent<E>;
  return Object.assign(decode, { event, topic0, signature, topicCount: 1 + indexed.length });
}
