/**
 * On-chain parameters of an OP Stack rollup as parameter_changes rows:
 * - SystemConfig ConfigUpdate logs (BATCHER → `batcher`, the history batcher txs are checked
 *   against; gas/fee/limit updates under their own names);
 * - DisputeGameFactory ImplementationSet / InitBondUpdated, OptimismPortal2 RespectedGameTypeSet;
 * - finality parameters that no event announces, read with ctx.readContract at the block of the
 *   first relevant log of a range (L2OutputOracle finalizationPeriodSeconds / submissionInterval;
 *   OptimismPortal2 proofMaturityDelaySeconds / disputeGameFinalityDelaySeconds /
 *   respectedGameType; the game's maxClockDuration). A value is written only when it differs from
 *   the last one this source recorded (decoder state), so the table holds changes, not samples.
 *   Names match src/metrics/parameters.ts (finalizationPeriodSeconds, proofMaturityDelaySeconds,
 *   disputeGameFinalityDelaySeconds, maxClockDurationSeconds).
 */
import { BaseError, ContractFunctionRevertedError, ContractFunctionZeroDataError, type Abi } from 'viem';
import type { Address, OpStackRollup } from '../../rollups/types.ts';
import type { DecodeContext, Facts, RawLog } from '../types.ts';
import { BATCHER_PARAMETER } from './batcher-history.ts';
import { json, logProvenance, lower, MalformedDataError } from './rows.ts';

/** SystemConfig.UpdateType (current ISystemConfig). */
export const CONFIG_UPDATE_TYPES: Record<number, string> = {
  0: 'BATCHER',
  1: 'FEE_SCALARS',
  2: 'GAS_LIMIT',
  3: 'UNSAFE_BLOCK_SIGNER',
  4: 'EIP_1559_PARAMS',
  5: 'OPERATOR_FEE_PARAMS',
  6: 'MIN_BASE_FEE',
  7: 'DA_FOOTPRINT_GAS_SCALAR',
};

export class ConfigUpdateError extends MalformedDataError {
  override name = 'ConfigUpdateError';
  constructor(message: string) {
    super(message, 'CONFIG_UPDATE');
  }
}

const word = (data: string, i: number) => data.slice(2 + i * 64, 2 + (i + 1) * 64);

function words(data: string, n: number, type: string): string[] {
  if (data.length !== 2 + 64 * n) {
    throw new ConfigUpdateError(`ConfigUpdate ${type} payload must be ${32 * n} bytes, got ${(data.length - 2) / 2}`);
  }
  return Array.from({ length: n }, (_, i) => word(data, i));
}

function address(w: string, type: string): Address {
  if (!/^0{24}/.test(w)) throw new ConfigUpdateError(`ConfigUpdate ${type} payload is not an address (upper 12 bytes not zero): 0x${w}`);
  return lower(`0x${w.slice(24)}`);
}

/**
 * Decodes the payload of a ConfigUpdate (the `bytes data` argument, itself an ABI encoding) into
 * a parameter name and JSON value. Throws ConfigUpdateError for a payload derivation would reject.
 */
export function decodeConfigUpdate(updateType: number, data: string): { name: string; value: unknown } {
  const type = CONFIG_UPDATE_TYPES[updateType];
  switch (type) {
    case 'BATCHER':
      return { name: BATCHER_PARAMETER, value: address(words(data, 1, type)[0], type) };
    case 'UNSAFE_BLOCK_SIGNER':
      return { name: 'unsafeBlockSigner', value: address(words(data, 1, type)[0], type) };
    case 'FEE_SCALARS': {
      const [overhead, scalar] = words(data, 2, type);
      return { name: 'feeScalars', value: { overhead: BigInt(`0x${overhead}`).toString(), scalar: `0x${scalar}` } };
    }
    case 'GAS_LIMIT':
      return { name: 'gasLimit', value: BigInt(`0x${words(data, 1, type)[0]}`).toString() };
    case 'EIP_1559_PARAMS': {
      const v = BigInt(`0x${words(data, 1, type)[0]}`);
      return { name: 'eip1559Params', value: { denominator: Number((v >> 32n) & 0xffffffffn), elasticity: Number(v & 0xffffffffn) } };
    }
    case 'OPERATOR_FEE_PARAMS':
      return { name: 'operatorFeeParams', value: `0x${words(data, 1, type)[0]}` };
    case 'MIN_BASE_FEE':
      return { name: 'minBaseFee', value: BigInt(`0x${words(data, 1, type)[0]}`).toString() };
    case 'DA_FOOTPRINT_GAS_SCALAR':
      return { name: 'daFootprintGasScalar', value: BigInt(`0x${words(data, 1, type)[0]}`).toString() };
    default:
      return { name: `configUpdate${updateType}`, value: { updateType, data } };
  }
}

export function parameterRow(rollup: OpStackRollup, log: RawLog, name: string, value: unknown, subIndex = 0): Facts['parameterChanges'][number] {
  return Object.assign(logProvenance(rollup.l1ChainId, log, subIndex), { rollupId: rollup.id, name, value: json(value) });
}

/** The revert of a contract-level failure (revert, no code / no such function); undefined for transport errors, which must be retried. */
export function contractFailure(err: unknown): string | undefined {
  if (err instanceof BaseError) {
    const cause = err.walk((x) => x instanceof ContractFunctionRevertedError || x instanceof ContractFunctionZeroDataError);
    if (cause) return (cause instanceof ContractFunctionRevertedError && cause.reason) || (cause as BaseError).shortMessage;
  }
  return undefined;
}

/**
 * Reads a view; undefined when the contract reverts or has no such function (older or newer
 * contract versions). Transport errors propagate (the engine retries the range).
 */
export async function readOptional<T>(ctx: DecodeContext, args: { address: Address; abi: Abi; functionName: string; args?: readonly unknown[]; blockNumber: number }): Promise<T | undefined> {
  try {
    return await ctx.readContract<T>(args);
  } catch (err) {
    if (contractFailure(err) !== undefined) return undefined;
    throw err;
  }
}

/** First value of `names` the contract answers (e.g. camelCase getter, then the legacy CONSTANT one). */
export async function readFirst<T>(ctx: DecodeContext, address: Address, abi: Abi, names: string[], blockNumber: number): Promise<T | undefined> {
  for (const functionName of names) {
    const v = await readOptional<T>(ctx, { address, abi, functionName, blockNumber });
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * Parameter rows for values read at `log`, written only when they changed since the last value
 * recorded in decoder state under `param:<name>`. Numbers/bigints become decimal strings.
 */
export async function changedParameterRows(
  rollup: OpStackRollup, log: RawLog, values: Record<string, unknown>, ctx: DecodeContext, firstSubIndex = 0,
): Promise<Facts['parameterChanges']> {
  const rows: Facts['parameterChanges'] = [];
  let sub = firstSubIndex;
  for (const [name, raw] of Object.entries(values)) {
    if (raw === undefined) continue;
    const value = json(raw);
    const key = `param:${name}`;
    const previous = await ctx.state.get<unknown>(key);
    if (previous !== undefined && JSON.stringify(previous) === JSON.stringify(value)) continue;
    await ctx.state.set(key, value);
    rows.push(parameterRow(rollup, log, name, value, sub++));
  }
  return rows;
}
