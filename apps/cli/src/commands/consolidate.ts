import type { Command } from "commander";
import { println, type CliContext } from "../cli-context";
import { loadOpenEngram } from "../lazy";
import { DB_OPTION_HELP, resolveDb } from "../options";

/** Options of `engram consolidate`. */
export interface ConsolidateCommandOptions {
  db?: string;
  user?: string;
  dryRun?: boolean;
  json?: boolean;
  undo?: string;
}

/**
 * Registers `engram consolidate [--user <id>] [--dry-run] [--json] [--undo <pass id>] [--db <dir>]`:
 * one consolidation pass (`Engram.consolidate`: merge near-duplicates, promote repeated facts,
 * summarize old sessions, archive forgotten items), or the undo of one (`Engram.undoConsolidation`).
 */
export function registerConsolidateCommand(program: Command, context: CliContext): void {
  program
    .command("consolidate")
    .description("merge near-duplicates, promote repeated facts, summarize old sessions and archive forgotten items (reversible with --undo)")
    .option("--user <id>", "only this user (default: every user)")
    .option("--dry-run", "plan the pass and print it without writing")
    .option("--undo <pass id>", "undo an earlier pass: the memory tables get back their rows from before it")
    .option("--db <dir>", DB_OPTION_HELP)
    .option("--json", "print one JSON object (the pass with its changes, or what was undone)")
    .action(async (options: ConsolidateCommandOptions) => {
      const { withEngram } = loadOpenEngram();
      const db = resolveDb(context, options.db);
      if (options.undo !== undefined) {
        const passId = options.undo;
        const undone = await withEngram(context, db, (engram) => engram.undoConsolidation(passId));
        if (options.json) println(context, JSON.stringify(undone));
        else println(context, `Undid consolidation pass ${undone.passId}: ${Object.entries(undone.undone).map(([user, count]) => `${user} ${count} changes`).join(", ")}.`);
        return;
      }
      const result = await withEngram(context, db, (engram) => engram.consolidate({ ...(options.user !== undefined ? { user: options.user } : {}), dryRun: options.dryRun === true }));
      if (options.json) {
        println(context, JSON.stringify(result));
        return;
      }
      const steps = Object.entries(result.counts).map(([step, count]) => `${step} ${count}`).join(", ");
      const verb = result.dryRun ? "Would change" : "Changed";
      println(context, `${verb} ${result.changes.length} items of ${result.users.length} users (${steps}); memory rows ${result.rows.before} → ${result.rows.after}; pass ${result.passId}${result.dryRun ? " (dry run: nothing written)" : ` (undo: engram consolidate --undo ${result.passId})`}.`);
    });
}
