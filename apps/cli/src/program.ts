import { Command } from "commander";
import type { CliContext } from "./cli-context";
import { registerChatCommand } from "./commands/chat";
import { registerConsolidateCommand } from "./commands/consolidate";
import { registerDemoCommand } from "./commands/demo";
import { registerGraphCommand } from "./commands/graph";
import { registerGraphMemoryCommands } from "./commands/graph-memory";
import { registerExportCommand } from "./commands/export";
import { registerForgetCommand } from "./commands/forget";
import { registerImportCommand } from "./commands/import";
import { registerIngestCommand } from "./commands/ingest";
import { registerRecallCommand } from "./commands/recall";
import { registerServerCommands } from "./commands/server-commands";
import { registerStatsCommand } from "./commands/stats";
import { EXIT_CODES } from "./exit-codes";

/** Builds the `engram` command with its subcommands. Parse with `parseAsync`. */
export function createProgram(context: CliContext): Command {
  const program = new Command("engram")
    .description("Engram: long-term memory for LLM agents (six typed memory stores in a local LanceDB folder)")
    .version("0.1.0")
    .option("-v, --verbose", "print the library's log lines on stderr")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    })
    .exitOverride()
    .addHelpText(
      "after",
      `
Environment: ENGRAM_DB (default --db), ENGRAM_EMBEDDER (hash | transformers | openai), ENGRAM_EMBED_MODEL,
ENGRAM_EMBED_MODEL_PATH, ENGRAM_EMBED_DIMENSIONS, OPENAI_API_KEY, OPENAI_BASE_URL, ENGRAM_CHAT_MODEL
(a chat model turns on the LLM policy), ENGRAM_LLM_METHOD, ENGRAM_LLM_MAX_RETRIES, ENGRAM_LLM_RETRY_DELAY_MS,
ENGRAM_LLM_TIMEOUT_MS, ENGRAM_BATCH_SIZE, ENGRAM_SECRET_KEY (AES-256 key for secrets at rest; default <db>/secret.key),
CI (no progress bar).
Exit codes: ${EXIT_CODES.ok} ok, ${EXIT_CODES.validation} bad input, ${EXIT_CODES.notFound} not found, ${EXIT_CODES.store} database error, ${EXIT_CODES.provider} provider not configured or model error, ${EXIT_CODES.unexpected} other.`,
    );
  program.hook("preAction", (thisCommand) => {
    context.verbose = thisCommand.opts<{ verbose?: boolean }>().verbose === true;
  });
  // One line per command. A register function only declares the command's arguments and options;
  // its action loads the heavy modules when the command runs (see lazy.ts), so `engram --help` stays fast.
  const commands: ((program: Command, context: CliContext) => void)[] = [
    registerImportCommand,
    registerIngestCommand,
    registerRecallCommand,
    registerStatsCommand,
    registerChatCommand,
    registerGraphCommand,
    registerGraphMemoryCommands,
    registerDemoCommand,
    registerExportCommand,
    registerForgetCommand,
    registerConsolidateCommand,
    registerServerCommands,
  ];
  for (const register of commands) register(program, context);
  for (const command of program.commands) command.exitOverride();
  return program;
}
