import type { Command } from "commander";
import { println, type CliContext } from "../cli-context";
import { loadMemory, loadOpenEngram } from "../lazy";
import { DB_OPTION_HELP, parseBatchSize, resolveDb } from "../options";

/** Options of `engram ingest`. */
export interface IngestCommandOptions {
  db?: string;
  user?: string;
  retryPending?: boolean;
  batchSize?: string;
}

/**
 * Registers `engram ingest --retry-pending [--user <id>] [--db <dir>] [--batch-size <n>]`:
 * processes the messages stored but still pending (a failed or interrupted batch, or messages
 * held for a fuller batch), of one user or of all.
 */
export function registerIngestCommand(program: Command, context: CliContext): void {
  program
    .command("ingest")
    .description("process stored messages that are still pending (after a failed model call or an interrupted import)")
    .option("--retry-pending", "process every pending message again, in batches")
    .option("--user <id>", "only this user's pending messages")
    .option("--db <dir>", DB_OPTION_HELP)
    .option("--batch-size <n>", "messages per ingest batch [default: $ENGRAM_BATCH_SIZE, else 20]")
    .action(async (options: IngestCommandOptions) => {
      const { withEngram } = loadOpenEngram();
      const { addToTotals, emptyAddTotals, formatAddSummary } = require("../output/add-summary") as typeof import("../output/add-summary");
      if (!options.retryPending) throw new (loadMemory().ValidationError)("nothing to do: engram ingest needs --retry-pending", { location: "engram ingest" });
      const batchSize = parseBatchSize(options.batchSize);
      const db = resolveDb(context, options.db);
      await withEngram(context, db, async (engram) => {
        const scope = options.user === undefined ? undefined : { user_id: options.user };
        const before = await engram.pendingStats(scope);
        println(context, `Pending: ${before.messages} messages (${before.failed} failed)`);
        const started = performance.now();
        const result = await engram.retryPending(scope, { batchSize });
        const totals = addToTotals(emptyAddTotals(), result);
        println(context, formatAddSummary(totals, (performance.now() - started) / 1000));
        const after = await engram.pendingStats(scope);
        println(context, `Pending now: ${after.messages} messages`);
      });
    });
}
