import { readFile } from "node:fs/promises";
import {
  parseEngramExport,
  parseJsonlMessages,
  parseLocomoSamples,
  ValidationError,
  type ExportHeader,
  type ExportRecord,
  type JsonlLineError,
  type MessageInput,
} from "@engram/memory";
import { detectImportFormat, type ImportFormat } from "./import-format";
import { decodeUtf8Lines, looksBinary } from "./decode-text";

/** The messages of one user, in file order. */
export interface UserMessages {
  user_id: string;
  messages: MessageInput[];
}

/** What `engram import` found in a file. */
export interface ImportFile {
  format: ImportFormat;
  /** One entry per user, in order of first appearance (empty for an export file). */
  users: UserMessages[];
  /** Lines that were rejected (always empty for LoCoMo, which is all or nothing). */
  lineErrors: JsonlLineError[];
  /** Lines accepted with a note (a timestamp in the future). */
  lineWarnings: JsonlLineError[];
  /** LoCoMo samples that were rejected, each naming the sample and field (the others are imported). */
  sampleErrors: string[];
  /** The contents of an `engram export` file. */
  exported?: { header: ExportHeader; records: ExportRecord[] };
}

/**
 * Reads and parses an import file. LoCoMo samples become users named by `sample_id`; JSONL lines
 * are grouped by their `user`; an `engram export` file is returned as its header and records.
 * JSONL and export lines that are not valid UTF-8 are rejected one by one, naming the line.
 *
 * @param format the `--format` given, or `undefined` to detect it from the name and content.
 * @throws ValidationError when the file cannot be read, is binary, is not valid LoCoMo JSON, or holds no valid line.
 */
export async function readImportFile(filePath: string, format: ImportFormat | undefined): Promise<ImportFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder" : error instanceof Error ? error.message : String(error);
    throw new ValidationError(`cannot read ${filePath}: ${reason}`, { location: filePath, cause: error });
  }
  if (looksBinary(bytes)) throw new ValidationError(`${filePath} is a binary file, not JSON or JSONL text`, { location: filePath });
  const { text, errors: encodingErrors } = decodeUtf8Lines(bytes);
  const resolved = format ?? detectImportFormat(filePath, text);
  if (resolved === "locomo") {
    if (encodingErrors.length > 0) throw new ValidationError(`${filePath} is not valid UTF-8 (line ${encodingErrors[0]!.line})`, { location: `line ${encodingErrors[0]!.line}` });
    let data: unknown;
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (error) {
      throw new ValidationError(`${filePath} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { location: filePath, cause: error });
    }
    const { samples, errors } = parseLocomoSamples(data);
    if (samples.length === 0 && errors[0]) throw errors[0];
    const sampleErrors = errors.map((error) => [error.message, ...error.issues.slice(0, 3)].join(": "));
    return { format: resolved, users: samples.map((sample) => ({ user_id: sample.sample_id, messages: sample.messages })), lineErrors: [], lineWarnings: [], sampleErrors };
  }
  if (resolved === "export") {
    const { header, records, errors } = parseEngramExport(text);
    const lineErrors = mergeByLine(encodingErrors, errors);
    if (header === null) {
      throw new ValidationError(`${filePath} has no valid export header on its first line`, { location: "line 1", issues: lineErrors.map((error) => `line ${error.line}: ${error.message}`) });
    }
    return { format: resolved, users: [], lineErrors, lineWarnings: [], sampleErrors: [], exported: { header, records } };
  }
  const { messages, errors, warnings } = parseJsonlMessages(text);
  const lineErrors = mergeByLine(encodingErrors, errors);
  if (messages.length === 0) {
    const first = lineErrors[0];
    throw new ValidationError(`${filePath} holds no valid message${first ? ` (line ${first.line}: ${first.message})` : ""}`, {
      location: first ? `line ${first.line}` : filePath,
      issues: lineErrors.map((error) => `line ${error.line}: ${error.message}`),
    });
  }
  const byUser = new Map<string, MessageInput[]>();
  for (const { user, message } of messages) {
    const list = byUser.get(user) ?? [];
    list.push(message);
    byUser.set(user, list);
  }
  return { format: resolved, users: [...byUser].map(([user_id, list]) => ({ user_id, messages: list })), lineErrors, lineWarnings: warnings, sampleErrors: [] };
}

function mergeByLine(a: JsonlLineError[], b: JsonlLineError[]): JsonlLineError[] {
  return [...a, ...b].sort((x, y) => x.line - y.line);
}
