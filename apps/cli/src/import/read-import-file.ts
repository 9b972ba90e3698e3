import { readFile } from "node:fs/promises";
import { parseJsonlMessages, parseLocomo, ValidationError, type JsonlLineError, type MessageInput } from "@engram/memory";
import { detectImportFormat, type ImportFormat } from "./import-format";

/** The messages of one user, in file order. */
export interface UserMessages {
  user_id: string;
  messages: MessageInput[];
}

/** What `engram import` found in a file. */
export interface ImportFile {
  format: ImportFormat;
  /** One entry per user, in order of first appearance. */
  users: UserMessages[];
  /** JSONL lines that were rejected (always empty for LoCoMo, which is all or nothing). */
  lineErrors: JsonlLineError[];
}

/**
 * Reads and parses an import file. LoCoMo samples become users named by `sample_id`; JSONL lines
 * are grouped by their `user`.
 *
 * @param format the `--format` given, or `undefined` to detect it from the name and content.
 * @throws ValidationError when the file cannot be read, is not valid LoCoMo JSON, or holds no valid message.
 */
export async function readImportFile(filePath: string, format: ImportFormat | undefined): Promise<ImportFile> {
  let text: string;
  try {
    text = await readFile(filePath, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : error instanceof Error ? error.message : String(error);
    throw new ValidationError(`cannot read ${filePath}: ${reason}`, { location: filePath, cause: error });
  }
  const resolved = format ?? detectImportFormat(filePath, text);
  if (resolved === "locomo") {
    let data: unknown;
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (error) {
      throw new ValidationError(`${filePath} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { location: filePath, cause: error });
    }
    const samples = parseLocomo(data);
    return { format: resolved, users: samples.map((sample) => ({ user_id: sample.sample_id, messages: sample.messages })), lineErrors: [] };
  }
  const { messages, errors } = parseJsonlMessages(text);
  if (messages.length === 0) {
    const first = errors[0];
    throw new ValidationError(`${filePath} holds no valid message${first ? ` (line ${first.line}: ${first.message})` : ""}`, {
      location: first ? `line ${first.line}` : filePath,
      issues: errors.map((error) => `line ${error.line}: ${error.message}`),
    });
  }
  const byUser = new Map<string, MessageInput[]>();
  for (const { user, message } of messages) {
    const list = byUser.get(user) ?? [];
    list.push(message);
    byUser.set(user, list);
  }
  return { format: resolved, users: [...byUser].map(([user_id, list]) => ({ user_id, messages: list })), lineErrors: errors };
}
