import { CommanderError } from "commander";
import { createProcessContext, eprintln } from "./cli-context";
import { describeError, exitCodeFor, EXIT_CODES } from "./exit-codes";
import { createProgram } from "./program";

/**
 * Entry point of the `engram` command: runs the command named in `argv` and returns the exit
 * code. Errors become one line on stderr and an exit code (see `EXIT_CODES`).
 */
export async function main(argv: string[]): Promise<number> {
  const context = createProcessContext();
  try {
    await createProgram(context).parseAsync(argv, { from: "user" });
    return EXIT_CODES.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed the usage message (or the help / version text).
      return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.validation;
    }
    eprintln(context, describeError(error));
    if (context.verbose && error instanceof Error && error.stack) eprintln(context, error.stack);
    return exitCodeFor(error);
  }
}

/**
 * Runs the CLI on `process.argv` and sets `process.exitCode`. Ends quietly when stdout is closed
 * early (`engram recall ... | head -3`).
 */
export function runMain(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(EXIT_CODES.ok);
    throw error;
  });
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) runMain();
