/** Fast ABI decoding of logs and call inputs, compiled once per event / function. */
export { compileEventDecoder, type EventDecoder, type DecodedEvent, type LogInput } from './event.ts';
export { createLogDecoder, type LogDecoder, type DecodedLog } from './log-decoder.ts';
export { compileCallDecoder, createCallDecoder, type CallDecoder, type CallRegistry, type DecodedCall } from './call.ts';
export { LogDecodeError, CallDecodeError, type LogOrigin } from './errors.ts';
export type { CompileOptions, AddressCase } from './compile.ts';
