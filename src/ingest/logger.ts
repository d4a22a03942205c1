/** The slice of pino the engine uses: structured objects with a short `msg`. */
export interface Logger {
  info(obj: object): void;
  warn(obj: object): void;
  error(obj: object): void;
  debug(obj: object): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };
