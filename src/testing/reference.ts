/** Paths of the vendored reference tables (reference/ at the repository root); env overrides for other copies. */
import { fileURLToPath } from 'node:url';

export const EVENTS_MD = process.env.ROLLSCOPE_EVENTS_MD ?? fileURLToPath(new URL('../../reference/events.md', import.meta.url));
export const ADDRESSES_MD = process.env.ROLLSCOPE_ADDRESSES_MD ?? fileURLToPath(new URL('../../reference/addresses.md', import.meta.url));
