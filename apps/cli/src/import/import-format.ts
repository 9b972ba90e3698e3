import path from "node:path";
import { loadMemory } from "../lazy";

/** File formats `engram import` reads (`export`: a file written by `engram export`). */
export const IMPORT_FORMATS = ["locomo", "jsonl", "export"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * Checks a `--format` value.
 *
 * @throws ValidationError when `value` is not one of {@link IMPORT_FORMATS}.
 */
export function parseImportFormat(value: string): ImportFormat {
  const format = IMPORT_FORMATS.find((known) => known === value.toLowerCase());
  if (format === undefined) {
    throw new (loadMemory().ValidationError)(`unknown import format ${JSON.stringify(value)}; use one of: ${IMPORT_FORMATS.join(", ")}`, { location: "--format" });
  }
  return format;
}

/**
 * Guesses the format of a file: an `engram export` file by its header line, whatever its name;
 * else from its extension (`.jsonl`/`.ndjson` → jsonl, `.json` → locomo), else from its content:
 * a file that starts with `[` is LoCoMo JSON, anything else JSONL.
 */
export function detectImportFormat(filePath: string, text: string): ImportFormat {
  if (loadMemory().isEngramExport(text)) return "export";
  const extension = path.extname(filePath).toLowerCase();
  if (extension === ".jsonl" || extension === ".ndjson") return "jsonl";
  if (extension === ".json") return "locomo";
  return text.replace(/^\uFEFF/, "").trimStart().startsWith("[") ? "locomo" : "jsonl";
}
