import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { StubChatHandler, StubChatReply, StubChatRequest } from "./openai-stub-server";

/** Options of {@link createRelayHandler}. */
export interface RelayOptions {
  /** Folder the request files are written to and the answer files read from; created if missing. */
  dir: string;
  /** How often to look for an answer file, milliseconds. @default 200 */
  pollMs?: number;
  /** Give up on an answer after this many milliseconds and reply HTTP 504; 0 waits forever. @default 0 */
  timeoutMs?: number;
  /** Called after each request file is written, with its path (e.g. to print it). */
  onRequest?: (requestFile: string, request: RelayRequestFile) => void;
}

/** The content of `<n>.request.json`: what the model would see, and how to answer. */
export interface RelayRequestFile {
  /** Sequence number of the request (1, 2, ...), also in the file names. */
  n: number;
  /** Name of the file to write the answer to, in the same folder. */
  answer_file: string;
  /** `tool_call` when the request forces or offers a tool, `json` for JSON mode, else `text`. */
  expects: "tool_call" | "json" | "text";
  /** The function to call when `expects` is `tool_call`. */
  tool: string | null;
  /** How to write the answer file. */
  how_to_answer: string;
  model: string | null;
  messages: StubChatRequest["messages"];
  /** The tools offered (name, description, JSON-schema parameters), or null. */
  tools: StubChatRequest["tools"] | null;
  tool_choice: unknown;
  /** `{ type: "json_object" }` or a `json_schema`, or null. */
  response_format: unknown;
}

/**
 * The content of `<n>.answer.json`, one of:
 * - `{ "arguments": { ... } }` (optionally with `"name"`): a tool call with these arguments; for a
 *   JSON-mode request, the arguments become the message text as JSON;
 * - `{ "content": "..." }`: a plain assistant message;
 * - `{ "error": { "status": 500, "message": "..." } }`: an HTTP error.
 */
export type RelayAnswerFile = { name?: string; arguments: Record<string, unknown> | string } | { content: string } | { error: { status: number; message?: string } };

const HOW_TO_ANSWER =
  'Write the answer file as JSON: {"arguments": {...}} for a tool call (valid against the tool\'s parameters; for JSON mode, the JSON object asked for), {"content": "text"} for a plain reply, or {"error": {"status": 500}}. Write it to a temporary name and rename it, or write it at once: the relay reads it when it parses as JSON.';

/**
 * A chat handler for the OpenAI stub that relays every chat request to whoever watches a folder,
 * so any model, agent or person can answer it: each request is written to
 * `<dir>/<n>.request.json` ({@link RelayRequestFile}; `n` zero-padded to 6 digits, continuing
 * after the highest number already in the folder), and the reply is read from
 * `<dir>/<n>.answer.json` ({@link RelayAnswerFile}) once it exists and parses. Requests are
 * independent: concurrent requests get their own numbers and wait for their own answers.
 *
 * @example
 * const stub = await startOpenAiStub({ chat: createRelayHandler({ dir: "/tmp/relay" }), port: 8787 });
 * // for each /tmp/relay/000001.request.json, write /tmp/relay/000001.answer.json
 */
export function createRelayHandler(options: RelayOptions): StubChatHandler {
  const pollMs = options.pollMs ?? 200;
  let next: Promise<number> | undefined;
  const nextNumber = async (): Promise<number> => {
    next = (next ?? highestNumber(options.dir)).then((n) => n + 1);
    return next;
  };

  return async (request) => {
    await mkdir(options.dir, { recursive: true });
    const n = await nextNumber();
    const base = String(n).padStart(6, "0");
    const answerFile = `${base}.answer.json`;
    const requestFile: RelayRequestFile = {
      n,
      answer_file: answerFile,
      expects: expectsOf(request),
      tool: forcedTool(request),
      how_to_answer: HOW_TO_ANSWER,
      model: request.model ?? null,
      messages: request.messages,
      tools: request.tools ?? null,
      tool_choice: request.tool_choice ?? null,
      response_format: request.response_format ?? null,
    };
    const requestPath = join(options.dir, `${base}.request.json`);
    await writeFile(`${requestPath}.tmp`, JSON.stringify(requestFile, null, 2));
    await rename(`${requestPath}.tmp`, requestPath);
    options.onRequest?.(requestPath, requestFile);
    const answer = await waitForAnswer(join(options.dir, answerFile), pollMs, options.timeoutMs ?? 0);
    return answer === undefined ? { error: { status: 504, message: `no answer in ${answerFile} within ${options.timeoutMs} ms` } } : toReply(answer, requestFile);
  };
}

async function highestNumber(dir: string): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.reduce((max, name) => Math.max(max, Number(/^(\d+)\.request\.json$/.exec(name)?.[1] ?? 0)), 0);
}

function forcedTool(request: StubChatRequest): string | null {
  const choice = request.tool_choice as { function?: { name?: unknown } } | undefined;
  if (typeof choice?.function?.name === "string") return choice.function.name;
  return request.tools?.find((tool) => tool.function)?.function?.name ?? null;
}

function expectsOf(request: StubChatRequest): RelayRequestFile["expects"] {
  if ((request.tools?.length ?? 0) > 0) return "tool_call";
  const format = request.response_format as { type?: unknown } | undefined;
  return format?.type === "json_object" || format?.type === "json_schema" ? "json" : "text";
}

async function waitForAnswer(file: string, pollMs: number, timeoutMs: number): Promise<RelayAnswerFile | undefined> {
  const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity;
  for (;;) {
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text !== undefined) {
      try {
        return JSON.parse(text) as RelayAnswerFile;
      } catch {
        // Still being written: look again.
      }
    }
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function toReply(answer: RelayAnswerFile, request: RelayRequestFile): StubChatReply {
  if (typeof answer !== "object" || answer === null) return { error: { status: 500, message: "relay answer is not a JSON object" } };
  if ("error" in answer) return { error: { status: answer.error.status, message: answer.error.message ?? "relay answer error" } };
  if ("content" in answer) return { content: String(answer.content) };
  if ("arguments" in answer) {
    if (request.expects !== "tool_call") return { content: typeof answer.arguments === "string" ? answer.arguments : JSON.stringify(answer.arguments) };
    return { toolCall: { ...(answer.name ? { name: answer.name } : {}), arguments: answer.arguments } };
  }
  return { error: { status: 500, message: 'relay answer needs "arguments", "content" or "error"' } };
}
