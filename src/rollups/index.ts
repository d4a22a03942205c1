/**
 * The built-in rollup definitions, by id. Adding a rollup of a known stack is one definition file
 * plus one line here.
 */
import type { RollupDefinition } from './types.ts';
import { arbitrumOne } from './arbitrum-one.ts';
import { opMainnet } from './op-mainnet.ts';
import { base } from './base.ts';
import { zkSyncEra } from './zksync-era.ts';
import { scroll } from './scroll.ts';
import { linea } from './linea.ts';
import { starknet } from './starknet.ts';

export const builtinRollups: Record<string, RollupDefinition> = Object.fromEntries(
  ([arbitrumOne, opMainnet, base, zkSyncEra, scroll, linea, starknet] as RollupDefinition[]).map((d) => [d.id, d]),
);
