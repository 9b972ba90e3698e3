import type { CliConfig } from "./config";

/** What a command reads from and writes to. `main.ts` fills it from `process`. */
export interface CliContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Settings from the environment, read on first use. */
  config(): CliConfig;
  /** Print informational log lines from the library (`--verbose`). */
  verbose: boolean;
}

/** Builds the context for a run of the CLI in the current process. */
export function createProcessContext(): CliContext {
  let config: CliConfig | undefined;
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    // Required on first use: config.ts loads zod and @engram/memory (see lazy.ts).
    config: () => (config ??= (require("./config") as typeof import("./config")).readCliConfig(process.env, process.cwd())),
    verbose: false,
  };
}

/** Writes `text` and a newline to stdout. */
export function println(context: CliContext, text = ""): void {
  context.stdout.write(`${text}\n`);
}

/** Writes `text` and a newline to stderr. */
export function eprintln(context: CliContext, text = ""): void {
  context.stderr.write(`${text}\n`);
}
