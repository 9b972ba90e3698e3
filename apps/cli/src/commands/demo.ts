import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { println, type CliContext } from "../cli-context";
import { loadMemory, loadOpenEngram } from "../lazy";
import { formatRecallFooter } from "../output/recall-output";
import { formatStatsTable } from "../output/stats-table";
import { importFile } from "./import";

/** The example conversation shipped in the repository. */
export const DEMO_CONVERSATION = path.resolve(__dirname, "../../../../examples/demo-conversation.jsonl");
/** The user the example conversation is stored under. */
export const DEMO_USER = "ada";
/** The questions the demo recalls context for. */
export const DEMO_QUERIES = [
  "Where does Ada live?",
  "When did Ada run the Porto half marathon?",
  "How do I deploy the ingest pipeline?",
] as const;
const DEMO_TOKEN_BUDGET = 600;

/** Options of `engram demo`. */
export interface DemoCommandOptions {
  db?: string;
}

/** Registers `engram demo [--db <dir>]`. */
export function registerDemoCommand(program: Command, context: CliContext): void {
  program
    .command("demo")
    .description("import the example conversation, show the stats and recall context for three questions")
    .option("--db <dir>", "database folder [default: a new temporary folder]")
    .action(async (options: DemoCommandOptions) => {
      const { withEngram } = loadOpenEngram();
      const { readImportFile } = require("../import/read-import-file") as typeof import("../import/read-import-file");
      const db = options.db === undefined ? await mkdtemp(path.join(os.tmpdir(), "engram-demo-")) : path.resolve(options.db);
      const relative = path.relative(process.cwd(), DEMO_CONVERSATION) || DEMO_CONVERSATION;
      println(context, "Engram demo: a conversation between Ada and her assistant over several weeks.");
      println(context, `Database: ${db} (LanceDB in a local folder; hash embedder and offline ingest, no API key)\n`);
      const file = await readImportFile(DEMO_CONVERSATION, "jsonl");
      await withEngram(context, db, async (engram) => {
        await importFile(context, engram, relative, file);
        println(context, `\n== Rows for user ${DEMO_USER}`);
        println(context, formatStatsTable(await engram.stats({ user_id: DEMO_USER }), loadMemory().MEMORY_TYPES));
        for (const query of DEMO_QUERIES) {
          const result = await engram.recall(query, { user_id: DEMO_USER }, { tokenBudget: DEMO_TOKEN_BUDGET });
          println(context, `\n== recall "${query}"\n`);
          println(context, result.context.trimEnd() || "(nothing recalled)");
          println(context, formatRecallFooter(result, DEMO_TOKEN_BUDGET));
        }
      });
      const dbArg = db.includes(" ") ? JSON.stringify(db) : db;
      println(context, "\nTry it yourself:");
      println(context, `  pnpm engram recall "What is Ada's work email?" --db ${dbArg} --user ${DEMO_USER}`);
      println(context, `  pnpm engram chat --db ${dbArg} --user ${DEMO_USER}`);
    });
}
