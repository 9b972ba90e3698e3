import type { Command } from "commander";
import { println, type CliContext } from "../cli-context";
import { loadMemory, loadOpenEngram } from "../lazy";
import { DB_OPTION_HELP, resolveDb } from "../options";
import { formatStatsTable } from "../output/stats-table";

/** Options of `engram stats`. */
export interface StatsCommandOptions {
  db?: string;
  user?: string;
  json?: boolean;
}

/** Registers `engram stats [--db <dir>] [--user <id>] [--json]`. */
export function registerStatsCommand(program: Command, context: CliContext): void {
  program
    .command("stats")
    .description("rows per table (messages, history, the six memory types), pending messages, and LLM calls and tokens")
    .option("--db <dir>", DB_OPTION_HELP)
    .option("--user <id>", "count only this user's rows")
    .option("--json", "print one JSON object: {table: rows, ..., pending: {messages, failed, batches}, llm: {ingest, recall}}")
    .action(async (options: StatsCommandOptions) => {
      const { withEngram } = loadOpenEngram();
      const { formatLlmUsage } = require("../output/add-summary") as typeof import("../output/add-summary");
      const db = resolveDb(context, options.db);
      const scope = options.user === undefined ? undefined : { user_id: options.user };
      const { stats, pending, llm } = await withEngram(context, db, async (engram) => ({
        stats: await engram.stats(scope),
        pending: await engram.pendingStats(scope),
        llm: await engram.usage(scope),
      }));
      if (options.json) {
        println(context, JSON.stringify({ ...stats, pending, llm }));
        return;
      }
      println(context, `${db}${options.user === undefined ? "" : ` (user ${options.user})`}`);
      println(context, formatStatsTable(stats, loadMemory().MEMORY_TYPES));
      println(context, `pending: ${pending.messages} messages (${pending.failed} failed, ${pending.batches} batches)${pending.messages > 0 ? "; run engram ingest --retry-pending" : ""}`);
      if (llm.ingest.calls > 0) println(context, `llm ingest: ${formatLlmUsage(llm.ingest)}, ${llm.ingest.runs} runs, ${llm.ingest.fallbackBatches} fallbacks`);
      if (llm.recall.calls > 0) println(context, `llm recall: ${formatLlmUsage(llm.recall)}, ${llm.recall.runs} runs`);
    });
}
