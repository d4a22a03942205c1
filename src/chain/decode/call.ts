/**
 * Compiled decoders of transaction input, the same way as events: static arguments at fixed
 * positions after the 4-byte selector. Returns what viem's decodeFunctionData returns
 * (`{ functionName, args }`, args in input order), addresses lowercase unless asked otherwise.
 *
 * @example
 * const calls = createCallDecoder(parseAbi(['function transfer(address to, uint256 amount)']));
 * calls.tryDecode(tx.input); // { functionName: 'transfer', args: ['0x…', 5n] } or undefined
 */
import { toFunctionSelector, toFunctionSignature, type AbiFunction, type Hex } from 'viem';
import { CallDecodeError, DataBoundsError } from './errors.ts';
import { helpers, parameterExprs, type CompileOptions, type CompileScope } from './compile.ts';

export interface DecodedCall<F extends AbiFunction = AbiFunction> {
  functionName: F['name'];
  /** Arguments in input order; undefined when the function takes none (as viem). */
  args: readonly unknown[] | undefined;
  /** The function (useful when overloads share a name, e.g. addSequencerL2BatchFromOrigin). */
  abiItem: F;
  selector: Hex;
}

export interface CallDecoder<F extends AbiFunction = AbiFunction> {
  (input: string, transactionHash?: string): DecodedCall<F>;
  readonly abiItem: F;
  readonly selector: Hex;
  readonly signature: string;
}

export function compileCallDecoder<const F extends AbiFunction>(fn: F, options: CompileOptions = {}): CallDecoder<F> {
  const signature = toFunctionSignature(fn);
  const selector = toFunctionSelector(fn);
  const scope: CompileScope = { R: [], P: [], lower: (options.addresses ?? 'lower') === 'lower' };
  const { exprs, headWords } = parameterExprs(fn.inputs, 10, scope);
  const minChars = 10 + 64 * headWords;
  const fail = (reason: string, transactionHash?: string, expected?: string, actual?: string) =>
    new CallDecodeError({ function: fn.name, signature, reason, transactionHash, expected, actual });
  const E = {
    selector: (input: string, tx?: string) => fail('selector is not this function', tx, selector, input.slice(0, 10)),
    size: (input: string, tx?: string) =>
      fail((input.length & 1) === 1 ? 'input has an odd number of hex digits' : 'input is truncated', tx, `at least ${(minChars - 2) / 2} bytes`, `${(input.length - 2) / 2} bytes`),
    wrap: (err: unknown, tx?: string) =>
      err instanceof DataBoundsError ? fail(err.reason, tx, err.expected, err.actual) : err instanceof CallDecodeError ? err : fail((err as Error).message, tx),
  };
  const source = `
    return function decodeCall(d, tx) {
      if (!d.startsWith(SELECTOR)) throw E.selector(d, tx);
      if (d.length < ${minChars} || (d.length & 1) === 1) throw E.size(d, tx);
      try {
        return { functionName: NAME, args: ${fn.inputs.length > 0 ? `[${exprs.join(', ')}]` : 'undefined'}, abiItem: FN, selector: SELECTOR };
      } catch (err) {
        throw E.wrap(err, tx);
      }
    };`;
  const decode = new Function('h', 'R', 'P', 'E', 'SELECTOR', 'NAME', 'FN', source)(
    helpers, scope.R, scope.P, E, selector, fn.name, fn,
  ) as (input: string, tx?: string) => DecodedCall<F>;
  return Object.assign(decode, { abiItem: fn, selector, signature });
}

export interface CallRegistry<F extends AbiFunction = AbiFunction> {
  /** undefined when the selector is none of the functions (e.g. a call through another contract). */
  tryDecode(input: string, transactionHash?: string): DecodedCall<F> | undefined;
  decoderFor(selector: string): CallDecoder<F> | undefined;
  readonly selectors: Hex[];
}

export function createCallDecoder<const abi extends readonly AbiFunction[]>(functions: abi, options: CompileOptions = {}): CallRegistry<abi[number]> {
  const bySelector = new Map<string, CallDecoder<abi[number]>>();
  for (const fn of functions) {
    const decoder = compileCallDecoder(fn, options) as CallDecoder<abi[number]>;
    const existing = bySelector.get(decoder.selector);
    if (existing && existing.signature !== decoder.signature) {
      throw new Error(`Selector clash: ${existing.signature} and ${decoder.signature} both hash to ${decoder.selector}`);
    }
    bySelector.set(decoder.selector, decoder);
  }
  return {
    tryDecode(input, transactionHash) {
      const decoder = bySelector.get(input.slice(0, 10));
      return decoder ? decoder(input, transactionHash) : undefined;
    },
    decoderFor: (selector) => bySelector.get(selector),
    selectors: [...bySelector.keys()] as Hex[],
  };
}
