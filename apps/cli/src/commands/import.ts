import path from "node:path";
import type { Engram } from "@engram/memory";
import type { Command } from "commander";
import { eprintln, println, type CliContext } from "../cli-context";
import type { ImportFile } from "../import/read-import-file";
import { parseImportFormat, IMPORT_FORMATS } from "../import/import-format";
import { loadMemory, loadOpenEngram } from "../lazy";
import { DB_OPTION_HELP, parseBatchSize, resolveDb } from "../options";
import type { AddTotals } from "../output/add-summary";
import { formatStatsTable } from "../output/stats-table";

/** Options of `engram import`. */
export interface ImportCommandOptions {
  db?: string;
  format?: string;
  batchSize?: string;
}

/** Most warnings printed one by one; the rest are counted. */
const MAX_WARNINGS_SHOWN = 10;

/**
 * Imports a parsed file into an open database: each user's messages go through `engram.add`,
 * with a progress bar on a terminal and a summary on stdout. Rejected JSONL lines are listed on
 * stderr; the other lines are imported.
 *
 * @returns the summed add results.
 */
export async function importFile(context: CliContext, engram: Engram, filePath: string, file: ImportFile, batchSize?: number): Promise<AddTotals> {
  const { addToTotals, emptyAddTotals, formatAddSummary } = require("../output/add-summary") as typeof import("../output/add-summary");
  const { startProgress } = require("../output/progress-bar") as typeof import("../output/progress-bar");
  for (const { line, message } of file.lineErrors) eprintln(context, `${path.basename(filePath)}: line ${line}: ${message} (line skipped)`);
  for (const { line, message } of file.lineWarnings) eprintln(context, `${path.basename(filePath)}: line ${line}: warning: ${message}`);
  for (const message of file.sampleErrors) eprintln(context, `${path.basename(filePath)}: ${message} (sample skipped)`);
  const total = file.users.reduce((sum, user) => sum + user.messages.length, 0);
  const badLines = file.lineErrors.length === 0 ? "" : `, ${plural(file.lineErrors.length, "bad line")} skipped`;
  println(context, `Importing ${filePath} (${file.format}): ${plural(total, "message")} for ${plural(file.users.length, "user")}${badLines}`);
  const started = performance.now();
  const totals = emptyAddTotals();
  const progress = startProgress(context, total);
  let offset = 0;
  try {
    for (const { user_id, messages } of file.users) {
      const result = await engram.add(messages, { user_id }, { batchSize, onProgress: ({ done }) => progress.update(offset + done, user_id) });
      offset += messages.length;
      progress.update(offset, user_id);
      addToTotals(totals, result);
    }
  } catch (error) {
    progress.stop();
    if (loadMemory().ModelError.isInstance(error)) {
      const pending = await engram.pendingStats();
      eprintln(context, `note: ${pending.messages} messages are stored but pending (${pending.failed} in the failed batch); run \`engram ingest --retry-pending\` when the model is reachable`);
    }
    throw error;
  } finally {
    progress.stop();
  }
  for (const warning of totals.warnings.slice(0, MAX_WARNINGS_SHOWN)) eprintln(context, `warning: ${warning}`);
  if (totals.warnings.length > MAX_WARNINGS_SHOWN) eprintln(context, `warning: ... and ${totals.warnings.length - MAX_WARNINGS_SHOWN} more`);
  println(context, formatAddSummary(totals, (performance.now() - started) / 1000));
  return totals;
}

/** Imports an `engram export` file: messages, memory items and history of one user, as they were. */
async function importExportFile(context: CliContext, engram: Engram, filePath: string, file: ImportFile): Promise<void> {
  const { header, records } = file.exported!;
  for (const { line, message } of file.lineErrors) eprintln(context, `${path.basename(filePath)}: line ${line}: ${message} (line skipped)`);
  const badLines = file.lineErrors.length === 0 ? "" : `, ${plural(file.lineErrors.length, "bad line")} skipped`;
  println(context, `Importing ${filePath} (export of user ${header.user_id}, ${header.exported_at}): ${plural(records.length, "record")}${badLines}`);
  const result = await engram.importRecords(header, records);
  println(context, `messages: ${result.messages.received} read, ${result.messages.stored} stored, ${result.messages.skipped} skipped (already stored)`);
  println(context, `memories: ${result.memories} written${result.reembedded > 0 ? ` (${result.reembedded} re-embedded)` : ""}, history: ${result.history} rows`);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Registers `engram import <file> [--db <dir>] [--format locomo|jsonl]`. */
export function registerImportCommand(program: Command, context: CliContext): void {
  program
    .command("import")
    .description("import a LoCoMo JSON file or a JSONL file of messages; re-importing adds nothing")
    .argument("<file>", "LoCoMo JSON (locomo10.json layout) or JSONL, one message per line")
    .option("--db <dir>", DB_OPTION_HELP)
    .option("--format <format>", `${IMPORT_FORMATS.join(" or ")} [default: from the file name and content]`)
    .option("--batch-size <n>", "messages per ingest batch (one LLM call each with a chat model) [default: $ENGRAM_BATCH_SIZE, else 20]")
    .action(async (file: string, options: ImportCommandOptions) => {
      const { withEngram } = loadOpenEngram();
      const { readImportFile } = require("../import/read-import-file") as typeof import("../import/read-import-file");
      const format = options.format === undefined ? undefined : parseImportFormat(options.format);
      const batchSize = parseBatchSize(options.batchSize);
      const db = resolveDb(context, options.db);
      const parsed = await readImportFile(file, format);
      await withEngram(context, db, async (engram) => {
        if (parsed.exported) await importExportFile(context, engram, file, parsed);
        else await importFile(context, engram, file, parsed, batchSize);
        println(context, `\nRows in ${db}:`);
        println(context, formatStatsTable(await engram.stats(), loadMemory().MEMORY_TYPES));
      });
    });
}
