import { open } from "node:fs/promises";
import type { Command } from "commander";
import { println, type CliContext } from "../cli-context";
import { loadOpenEngram } from "../lazy";
import { DB_OPTION_HELP, resolveDb } from "../options";

/** Options of `engram export`. */
export interface ExportCommandOptions {
  db?: string;
  user: string;
  out: string;
}

/**
 * Registers `engram export --user <id> --out <file.jsonl> [--db <dir>]`: writes everything stored
 * for the user (messages, memory items with vectors, history) as JSONL, secrets decrypted, to a
 * new file created with mode 0600. `engram import <file>` reads it back.
 */
export function registerExportCommand(program: Command, context: CliContext): void {
  program
    .command("export")
    .description("write a user's messages, memories and history to a JSONL file (secrets in clear; file mode 0600)")
    .requiredOption("--user <id>", "whose memory to export")
    .requiredOption("--out <file>", "the JSONL file to write (replaced if it exists)")
    .option("--db <dir>", DB_OPTION_HELP)
    .action(async (options: ExportCommandOptions) => {
      const { withEngram } = loadOpenEngram();
      const { header, records } = await withEngram(context, resolveDb(context, options.db), (engram) => engram.exportUser({ user_id: options.user }));
      const handle = await open(options.out, "w", 0o600);
      try {
        await handle.chmod(0o600);
        await handle.writeFile([header, ...records].map((record) => `${JSON.stringify(record)}\n`).join(""), "utf8");
      } finally {
        await handle.close();
      }
      const counts = { message: 0, memory: 0, history: 0, entity: 0, relation: 0 };
      for (const record of records) counts[record.kind] += 1;
      println(
        context,
        `Exported user ${options.user} to ${options.out}: ${counts.message} messages, ${counts.memory} memories, ${counts.history} history rows, ${counts.entity} entities, ${counts.relation} relations`,
      );
    });
}
