/**
 * Compiles an ABI parameter list into JavaScript source that reads every static value at a fixed
 * character position of a hex string, once per ABI item (not per log). Dynamic values read their
 * offset word and go through the dynamic readers of words.ts.
 *
 * Generated code only references: `d` (the hex string), `h` (words.ts readers), `R` (per-type word
 * readers built here), `P` (the AbiParameters, for viem fallbacks). Names from the ABI are emitted
 * through JSON.stringify, never spliced raw.
 */
import type { AbiParameter } from 'viem';
import * as words from './words.ts';

export type AddressCase = 'lower' | 'checksum';

export interface CompileOptions {
  /** `lower` (default, fastest, what rollscope stores) or `checksum` (byte-for-byte what viem returns). */
  addresses?: AddressCase;
}

/** The parts a generated function closes over. */
export interface CompileScope {
  R: words.WordReader[];
  P: AbiParameter[];
  lower: boolean;
}

const arrayType = /^(.*)\[(\d*)\]$/;
/** Static arrays longer than this are decoded by viem instead of being inlined element by element. */
const MAX_INLINE_ARRAY = 64;

export function isDynamic(param: AbiParameter): boolean {
  const { type } = param;
  if (type === 'string' || type === 'bytes') return true;
  const array = arrayType.exec(type);
  if (array) return array[2] === '' || isDynamic({ ...param, type: array[1]! } as AbiParameter);
  if (type === 'tuple') return components(param).some(isDynamic);
  return false;
}

/** Words a static parameter takes in place; 1 (the offset word) for a dynamic one. */
export function headWords(param: AbiParameter): number {
  if (isDynamic(param)) return 1;
  const array = arrayType.exec(param.type);
  if (array) return Number(array[2]) * headWords({ ...param, type: array[1]! } as AbiParameter);
  if (param.type === 'tuple') return components(param).reduce((n, c) => n + headWords(c), 0);
  return 1;
}

function components(param: AbiParameter): readonly AbiParameter[] {
  return (param as { components?: readonly AbiParameter[] }).components ?? [];
}

function intBits(type: string): number {
  return Number.parseInt(type.split('int')[1] || '256', 10);
}

/** Reader of one elementary word, or undefined for types that are not one-word elementary. */
export function elementaryReader(type: string, lower: boolean): words.WordReader | undefined {
  if (type.includes('[')) return undefined;
  if (type === 'address') return lower ? words.readAddress : words.readChecksumAddress;
  if (type === 'bool') return words.readBool;
  if (type.startsWith('uint')) return intBits(type) > 48 ? words.readBigUint : words.readSmallUint;
  if (type.startsWith('int')) return intBits(type) > 48 ? words.readBigInt : words.readSmallInt;
  const fixed = /^bytes(\d+)$/.exec(type);
  if (fixed) {
    const chars = 2 * Number(fixed[1]);
    return (d, p) => `0x${d.slice(p, p + chars)}`;
  }
  return undefined;
}

function elementaryExpr(type: string, src: string, pos: string, lower: boolean): string | undefined {
  if (type.includes('[')) return undefined;
  if (type === 'address') return lower ? `h.readAddress(${src}, ${pos})` : `h.readChecksumAddress(${src}, ${pos})`;
  if (type === 'bool') return `h.readBool(${src}, ${pos})`;
  if (type.startsWith('uint')) return intBits(type) > 48 ? `h.readBigUint(${src}, ${pos})` : `h.readSmallUint(${src}, ${pos})`;
  if (type.startsWith('int')) return intBits(type) > 48 ? `h.readBigInt(${src}, ${pos})` : `h.readSmallInt(${src}, ${pos})`;
  const fixed = /^bytes(\d+)$/.exec(type);
  if (fixed) return `"0x" + ${src}.slice(${pos}, ${pos} + ${2 * Number(fixed[1])})`;
  return undefined;
}

/** Expression for a static parameter whose encoding starts at character `pos`. */
function staticExpr(param: AbiParameter, pos: number, scope: CompileScope): string {
  const array = arrayType.exec(param.type);
  if (array) {
    const length = Number(array[2]);
    const inner = { ...param, type: array[1]! } as AbiParameter;
    const step = 64 * headWords(inner);
    if (length > MAX_INLINE_ARRAY) {
      scope.P.push(param);
      return `h.readStaticWithViem(d, ${pos}, ${headWords(param)}, P[${scope.P.length - 1}], ${scope.lower})`;
    }
    const items: string[] = [];
    for (let i = 0; i < length; i++) items.push(staticExpr(inner, pos + i * step, scope));
    return `[${items.join(', ')}]`;
  }
  if (param.type === 'tuple') {
    const parts = components(param);
    const unnamed = parts.length === 0 || parts.some((c) => !c.name);
    const items: string[] = [];
    let p = pos;
    for (const c of parts) {
      const expr = staticExpr(c, p, scope);
      items.push(unnamed ? expr : `${JSON.stringify(c.name)}: ${expr}`);
      p += 64 * headWords(c);
    }
    return unnamed ? `[${items.join(', ')}]` : `{${items.join(', ')}}`;
  }
  const expr = elementaryExpr(param.type, 'd', String(pos), scope.lower);
  if (!expr) throw new Error(`Unsupported ABI type ${param.type}`);
  return expr;
}

/** Expression for a dynamic parameter whose head (offset word) is at `head`; offsets count from `base`. */
function dynamicExpr(param: AbiParameter, base: number, head: number, scope: CompileScope): string {
  if (param.type === 'bytes') return `h.readDynamicBytes(d, ${base}, ${head})`;
  const array = arrayType.exec(param.type);
  if (array && array[2] === '') {
    const reader = elementaryReader(array[1]!, scope.lower);
    if (reader) {
      scope.R.push(reader);
      return `h.readDynamicArray(d, ${base}, ${head}, R[${scope.R.length - 1}])`;
    }
  }
  scope.P.push(param);
  return `h.readDynamicWithViem(d, ${base}, ${head}, P[${scope.P.length - 1}], ${scope.lower})`;
}

/**
 * Expressions for a top-level parameter list encoded at character `base` of `d` (2 for log data,
 * 10 for call input), in order, plus the number of head words (the minimum size of the data).
 */
export function parameterExprs(params: readonly AbiParameter[], base: number, scope: CompileScope): { exprs: string[]; headWords: number } {
  const exprs: string[] = [];
  let p = base;
  for (const param of params) {
    exprs.push(isDynamic(param) ? dynamicExpr(param, base, p, scope) : staticExpr(param, p, scope));
    p += 64 * headWords(param);
  }
  return { exprs, headWords: (p - base) / 64 };
}

/** Expression for an indexed parameter read from topic variable `topicVar` (viem: hashed types stay the raw topic). */
export function topicExpr(param: AbiParameter, topicVar: string, scope: CompileScope): string {
  if (param.type === 'string' || param.type === 'bytes' || param.type === 'tuple' || arrayType.test(param.type)) return topicVar;
  const expr = elementaryExpr(param.type, topicVar, '2', scope.lower);
  if (!expr) throw new Error(`Unsupported indexed ABI type ${param.type}`);
  return expr;
}

export const helpers = words;
