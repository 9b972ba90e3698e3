import pino, { type Logger } from "pino";

/**
 * The request logger of `engram serve`: pino JSON lines on stderr (file descriptor 2), so stdout
 * stays free for the command's own output.
 *
 * @param level pino level. @default "info"
 */
export function createStderrLogger(level: "debug" | "info" | "warn" | "silent" = "info"): Logger {
  return pino({ base: undefined, level }, pino.destination(2));
}
