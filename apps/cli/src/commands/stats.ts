import type { Command } from "commander";
import { MEMORY_TYPES } from "@engram/memory";
import { println, type CliContext } from "../cli-context";
import { withEngram } from "../open-engram";
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
    .description("rows per table: messages, history and the six memory types")
    .option("--db <dir>", DB_OPTION_HELP)
    .option("--user <id>", "count only this user's rows")
    .option("--json", "print one JSON object {table: rows}")
    .action(async (options: StatsCommandOptions) => {
      const db = resolveDb(context, options.db);
      const stats = await withEngram(context, db, (engram) => engram.stats(options.user === undefined ? undefined : { user_id: options.user }));
      if (options.json) {
        println(context, JSON.stringify(stats));
        return;
      }
      println(context, `${db}${options.user === undefined ? "" : ` (user ${options.user})`}`);
      println(context, formatStatsTable(stats, MEMORY_TYPES));
    });
}
