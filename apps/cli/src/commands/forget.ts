import type { Command } from "commander";
import { println, type CliContext } from "../cli-context";
import { loadOpenEngram } from "../lazy";
import { DB_OPTION_HELP, resolveDb } from "../options";

/** Options of `engram forget`. */
export interface ForgetCommandOptions {
  db?: string;
  user: string;
  json?: boolean;
}

/**
 * Registers `engram forget --user <id> [--db <dir>] [--json]`: deletes the user from every table,
 * the history and the chat checkpoints, then compacts and prunes old LanceDB versions so the
 * data cannot be recovered from the folder (`Engram.forget`). Run it while no other process
 * writes to the same folder.
 */
export function registerForgetCommand(program: Command, context: CliContext): void {
  program
    .command("forget")
    .description("delete a user for real: every table, history and chat checkpoints, then prune old versions")
    .requiredOption("--user <id>", "whose memory to delete")
    .option("--db <dir>", DB_OPTION_HELP)
    .option("--json", 'print one JSON object {"rows": {table: deleted}, "threads": [...]}')
    .action(async (options: ForgetCommandOptions) => {
      const { withEngram } = loadOpenEngram();
      const { forgetCheckpoints } = require("../forget/forget-checkpoints") as typeof import("../forget/forget-checkpoints");
      const db = resolveDb(context, options.db);
      const rows = await withEngram(context, db, (engram) => engram.forget({ user_id: options.user }));
      const threads = await forgetCheckpoints(db, options.user);
      if (options.json) {
        println(context, JSON.stringify({ rows, threads }));
        return;
      }
      const total = Object.values(rows).reduce((sum, count) => sum + count, 0);
      const perTable = Object.entries(rows)
        .filter(([, count]) => count > 0)
        .map(([table, count]) => `${table} ${count}`)
        .join(", ");
      println(context, `Forgot user ${options.user}: ${total} rows deleted${perTable ? ` (${perTable})` : ""}, ${threads.length} chat threads deleted; old versions pruned.`);
    });
}
