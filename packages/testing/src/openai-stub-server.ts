import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One HTTP request the stub received, in arrival order. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Lowercased header names, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** The body parsed as JSON; the raw text when it is not JSON; `null` when empty. */
  body: unknown;
}

/** A chat message as OpenAI's chat-completions API receives it (only the fields the stub reads). */
export interface StubChatMessage {
  role: string;
  /** Text, or content parts (`{ type: "text", text }`, ...), or null with tool calls. */
  content?: unknown;
  name?: string;
  tool_calls?: unknown;
  tool_call_id?: string;
}

/** A tool offered in a chat-completions request. */
export interface StubTool {
  type: string;
  function?: { name: string; description?: string; parameters?: unknown };
}

/** The body of `POST /v1/chat/completions` (only the fields the stub reads; the rest are kept). */
export interface StubChatRequest {
  model?: string;
  messages: StubChatMessage[];
  tools?: StubTool[];
  tool_choice?: unknown;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  [field: string]: unknown;
}

/**
 * What the stub answers to one chat-completions request:
 * - `{ content }`: a plain assistant message;
 * - `{ toolCall: { name?, arguments } }`: one tool call; `name` defaults to the function named in
 *   `tool_choice`, else the request's first tool; `arguments` is serialized as JSON unless it is a
 *   string already (send invalid JSON on purpose that way);
 * - `{ error: { status, message? } }`: an HTTP error in OpenAI's error shape.
 */
export type StubChatReply =
  | { content: string }
  | { toolCall: { name?: string; arguments: Record<string, unknown> | string } }
  | { error: { status: number; message?: string } };

/** Decides the reply to a chat request; may be async. */
export type StubChatHandler = (request: StubChatRequest, recorded: RecordedRequest) => StubChatReply | Promise<StubChatReply>;

/** Options of {@link startOpenAiStub}. */
export interface OpenAiStubOptions {
  /**
   * Replies used in order, one per chat request, before `chat` is consulted. Each is a reply or a
   * handler for that one request.
   */
  script?: (StubChatReply | StubChatHandler)[];
  /** Replies to chat requests once `script` is used up. @default `{ content: "stub reply" }` */
  chat?: StubChatHandler;
  /** Vector length of `/v1/embeddings` when the request names no `dimensions`. @default 16 */
  embeddingDimensions?: number;
  /** Model name reported when a request names none. @default "stub-model" */
  model?: string;
  /**
   * With `stream: true`, split a text reply into deltas of at most this many characters, as a real
   * server streams tokens. @default the whole text in one delta
   */
  streamChunkChars?: number;
  /** Port to listen on (127.0.0.1). @default 0: one the OS assigns */
  port?: number;
}

/** A running stub; see {@link startOpenAiStub}. */
export interface OpenAiStub {
  /** `http://127.0.0.1:<port>/v1`: pass as `configuration.baseURL` (LangChain) or `baseURL` (openai). */
  readonly baseURL: string;
  /** Every request received so far, in order. Cleared by {@link OpenAiStub.reset}. */
  readonly requests: RecordedRequest[];
  /** Chat-completion requests only, with their parsed bodies. */
  chatRequests(): StubChatRequest[];
  /** Answers the next `count` requests (any endpoint) with HTTP `status` (500, 429, ...) before serving normally again. */
  failNext(count: number, status?: number, message?: string): void;
  /** Forgets recorded requests and pending failures; the script position is kept. */
  reset(): void;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Starts an OpenAI-compatible HTTP server on 127.0.0.1 with an OS-assigned port, for tests that
 * drive real OpenAI clients (`ChatOpenAI`, `OpenAIEmbeddings`, the `openai` SDK) without a
 * network. It serves:
 * - `POST /v1/chat/completions`: scripted or handler-made replies (plain text or one tool call),
 *   with `usage` (`prompt_tokens`, `completion_tokens`, `total_tokens`: characters / 4, rounded
 *   up, a deterministic stand-in for a tokenizer), streamed as server-sent events when
 *   `stream: true`;
 * - `POST /v1/embeddings`: deterministic unit vectors derived from a hash of each input
 *   (`encoding_format: "base64"` honoured, as the openai SDK asks for it by default);
 * - `GET /v1/models`: one model.
 * Anything else answers 404 in OpenAI's error shape. Uses node:http only.
 *
 * @example
 * const stub = await startOpenAiStub({ script: [{ toolCall: { arguments: { label: "CORRECT" } } }] });
 * const model = new ChatOpenAI({ model: "stub", apiKey: "x", configuration: { baseURL: stub.baseURL } });
 * // ... after the test
 * await stub.close();
 */
export async function startOpenAiStub(options: OpenAiStubOptions = {}): Promise<OpenAiStub> {
  const requests: RecordedRequest[] = [];
  const script = [...(options.script ?? [])];
  const failures: { status: number; message: string }[] = [];
  const defaultModel = options.model ?? "stub-model";
  let callCounter = 0;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      sendError(res, 500, `stub handler failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path: (req.url ?? "/").split("?")[0] ?? "/",
      headers: { ...req.headers },
      body: parseJson(raw),
    };
    requests.push(recorded);
    const failure = failures.shift();
    if (failure) {
      sendError(res, failure.status, failure.message);
      return;
    }
    const route = `${recorded.method} ${recorded.path.replace(/\/+$/, "")}`;
    if (route === "POST /v1/chat/completions") {
      const body = asChatRequest(recorded.body);
      const next = script.shift();
      const reply = typeof next === "function" ? await next(body, recorded) : next ?? (await (options.chat ?? defaultChat)(body, recorded));
      if ("error" in reply) {
        sendError(res, reply.error.status, reply.error.message ?? `scripted error ${reply.error.status}`);
        return;
      }
      callCounter += 1;
      const completion = buildCompletion(body, reply, defaultModel, callCounter);
      if (body.stream) sendStream(res, completion, body.stream_options?.include_usage === true, options.streamChunkChars);
      else sendJson(res, 200, completion);
      return;
    }
    if (route === "POST /v1/embeddings") {
      sendJson(res, 200, buildEmbeddings(recorded.body, options.embeddingDimensions ?? 16, defaultModel));
      return;
    }
    if (route === "GET /v1/models") {
      sendJson(res, 200, { object: "list", data: [{ id: defaultModel, object: "model", created: 0, owned_by: "stub" }] });
      return;
    }
    sendError(res, 404, `no route ${route} in the OpenAI stub`);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path.endsWith("/chat/completions")).map((r) => asChatRequest(r.body)),
    failNext(count, status = 500, message) {
      for (let index = 0; index < count; index++) failures.push({ status, message: message ?? `stub failure (HTTP ${status})` });
    },
    reset() {
      requests.length = 0;
      failures.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function defaultChat(): StubChatReply {
  return { content: "stub reply" };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(raw: string): unknown {
  if (raw.length === 0) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function asChatRequest(body: unknown): StubChatRequest {
  const object = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const messages = Array.isArray(object.messages) ? (object.messages as StubChatMessage[]) : [];
  return { ...object, messages } as StubChatRequest;
}

/** Rough, deterministic token estimate: characters / 4, rounded up. */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function toolNameFor(body: StubChatRequest): string {
  const choice = body.tool_choice;
  if (typeof choice === "object" && choice !== null) {
    const fn = (choice as { function?: { name?: unknown } }).function;
    if (typeof fn?.name === "string") return fn.name;
  }
  return body.tools?.find((tool) => tool.function)?.function?.name ?? "tool";
}

interface Completion {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: { index: number; message: Record<string, unknown>; finish_reason: string; logprobs: null }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

function buildCompletion(body: StubChatRequest, reply: Exclude<StubChatReply, { error: unknown }>, model: string, counter: number): Completion {
  const promptTokens = estimateTokens(JSON.stringify(body.messages)) + (body.tools ? estimateTokens(JSON.stringify(body.tools)) : 0);
  let message: Record<string, unknown>;
  let finishReason: string;
  let completionText: string;
  if ("content" in reply) {
    message = { role: "assistant", content: reply.content, refusal: null };
    finishReason = "stop";
    completionText = reply.content;
  } else {
    const args = typeof reply.toolCall.arguments === "string" ? reply.toolCall.arguments : JSON.stringify(reply.toolCall.arguments);
    const name = reply.toolCall.name ?? toolNameFor(body);
    message = {
      role: "assistant",
      content: null,
      refusal: null,
      tool_calls: [{ id: `call_stub_${counter}`, type: "function", function: { name, arguments: args } }],
    };
    finishReason = "tool_calls";
    completionText = name + args;
  }
  const completionTokens = estimateTokens(completionText);
  return {
    id: `chatcmpl-stub-${counter}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: body.model ?? model,
    choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

function sendStream(res: ServerResponse, completion: Completion, includeUsage: boolean, chunkChars?: number): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const base = { id: completion.id, object: "chat.completion.chunk", created: completion.created, model: completion.model };
  const choice = completion.choices[0];
  const message = choice?.message ?? {};
  const delta: Record<string, unknown> = { role: "assistant" };
  if (typeof message.content === "string") delta.content = message.content;
  if (Array.isArray(message.tool_calls)) {
    delta.tool_calls = (message.tool_calls as Record<string, unknown>[]).map((call, index) => ({ index, ...call }));
  }
  const write = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
  const text = typeof delta.content === "string" ? delta.content : "";
  if (chunkChars !== undefined && chunkChars > 0 && text.length > chunkChars) {
    for (let start = 0; start < text.length; start += chunkChars) {
      const piece = { ...(start === 0 ? delta : {}), content: text.slice(start, start + chunkChars) };
      write({ ...base, choices: [{ index: 0, delta: piece, finish_reason: null, logprobs: null }] });
    }
  } else {
    write({ ...base, choices: [{ index: 0, delta, finish_reason: null, logprobs: null }] });
  }
  write({ ...base, choices: [{ index: 0, delta: {}, finish_reason: choice?.finish_reason ?? "stop", logprobs: null }] });
  if (includeUsage) write({ ...base, choices: [], usage: completion.usage });
  res.end("data: [DONE]\n\n");
}

/** Deterministic unit vector for `text`: a xorshift stream seeded with the FNV-1a hash of the text. */
export function stubEmbedding(text: string, dimensions: number): number[] {
  let state = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    state ^= text.charCodeAt(index);
    state = Math.imul(state, 0x01000193);
  }
  state = state >>> 0 || 1;
  const vector: number[] = [];
  for (let index = 0; index < dimensions; index++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    vector.push(state / 0xffffffff - 0.5);
  }
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => value / norm);
}

function buildEmbeddings(body: unknown, defaultDimensions: number, defaultModel: string): Record<string, unknown> {
  const object = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const input = object.input;
  const texts = (Array.isArray(input) ? input : [input]).map((value) => (typeof value === "string" ? value : JSON.stringify(value)));
  const dimensions = typeof object.dimensions === "number" ? object.dimensions : defaultDimensions;
  const base64 = object.encoding_format === "base64";
  const data = texts.map((text, index) => {
    const vector = stubEmbedding(text, dimensions);
    const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
    return { object: "embedding", index, embedding };
  });
  const promptTokens = texts.reduce((sum, text) => sum + estimateTokens(text), 0);
  return {
    object: "list",
    data,
    model: typeof object.model === "string" ? object.model : defaultModel,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const type = status === 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error";
  res.setHeader("retry-after-ms", "10");
  sendJson(res, status, { error: { message, type, param: null, code: type } });
}
