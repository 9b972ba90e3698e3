import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRelayHandler, type RelayRequestFile } from "../src/openai-relay";
import { startOpenAiStub, type OpenAiStub } from "../src/openai-stub-server";

/** Waits (polling, no fixed sleep) until `file` exists, then returns its parsed JSON. */
async function waitForFile(file: string): Promise<RelayRequestFile> {
  while (!existsSync(file)) await new Promise((resolve) => setImmediate(resolve));
  return JSON.parse(readFileSync(file, "utf8")) as RelayRequestFile;
}

/** Writes an answer the way the request file says: to a temporary name, then renamed. */
function answer(dir: string, request: RelayRequestFile, content: unknown): void {
  const target = join(dir, request.answer_file);
  writeFileSync(`${target}.tmp`, JSON.stringify(content));
  renameSync(`${target}.tmp`, target);
}

/** The parts of a chat completion (or of an error body) that these tests read, with the HTTP status. */
interface ChatReply {
  status: number;
  choices: { message: { content: string; tool_calls: { function: { name: string; arguments: string } }[] } }[];
  usage: { prompt_tokens: number };
  error: { message: string };
}

function post(stub: OpenAiStub, body: unknown): Promise<ChatReply> {
  return fetch(`${stub.baseURL}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then(async (response) => ({
    status: response.status,
    ...((await response.json()) as Omit<ChatReply, "status">),
  }));
}

const recordTool = {
  type: "function",
  function: { name: "record_memories", description: "Record memories", parameters: { type: "object", properties: { memory_types: { type: "array", items: { type: "string" } } }, required: ["memory_types"] } },
};

describe("relay mode of the OpenAI stub", () => {
  let dir: string;
  let stub: OpenAiStub;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "engram-relay-"));
  });
  afterEach(async () => {
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes each request with its messages and tool schema, and replies with the tool call of the answer file", async () => {
    stub = await startOpenAiStub({ chat: createRelayHandler({ dir, pollMs: 5 }) });
    const messages = [
      { role: "system", content: "You are the memory manager." },
      { role: "user", content: "[m1] Ada: I moved to Lisbon." },
    ];
    const pending = post(stub, { model: "any", messages, tools: [recordTool], tool_choice: { type: "function", function: { name: "record_memories" } } });
    const request = await waitForFile(join(dir, "000001.request.json"));
    expect(request).toMatchObject({ n: 1, answer_file: "000001.answer.json", expects: "tool_call", tool: "record_memories", model: "any", messages, tools: [recordTool] });
    expect(request.how_to_answer).toContain('{"arguments": {...}}');
    answer(dir, request, { arguments: { memory_types: ["episodic"] } });
    const response = await pending;
    expect(response.status).toBe(200);
    const call = response.choices[0]!.message.tool_calls[0]!;
    expect(call.function).toEqual({ name: "record_memories", arguments: JSON.stringify({ memory_types: ["episodic"] }) });
    expect(response.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it("answers text and JSON-mode requests, numbers concurrent requests apart, and continues after files already there", async () => {
    writeFileSync(join(dir, "000007.request.json"), "{}");
    stub = await startOpenAiStub({ chat: createRelayHandler({ dir, pollMs: 5 }) });
    const text = post(stub, { messages: [{ role: "user", content: "Say hi" }] });
    const json = post(stub, { messages: [{ role: "user", content: "Give JSON" }], response_format: { type: "json_object" } });
    const first = await waitForFile(join(dir, "000008.request.json"));
    const second = await waitForFile(join(dir, "000009.request.json"));
    const [textRequest, jsonRequest] = first.expects === "text" ? [first, second] : [second, first];
    expect(jsonRequest).toMatchObject({ expects: "json", tool: null, response_format: { type: "json_object" } });
    answer(dir, jsonRequest, { arguments: { ok: true } });
    answer(dir, textRequest!, { content: "hi" });
    expect((await text).choices[0]!.message.content).toBe("hi");
    expect(JSON.parse((await json).choices[0]!.message.content)).toEqual({ ok: true });
    expect(readdirSync(dir).filter((name) => name.endsWith(".request.json")).sort()).toEqual(["000007.request.json", "000008.request.json", "000009.request.json"]);
  });

  it("passes an error answer on as an HTTP error, and gives up after timeoutMs with 504", async () => {
    stub = await startOpenAiStub({ chat: createRelayHandler({ dir, pollMs: 5, timeoutMs: 1 }) });
    const timedOut = await post(stub, { messages: [{ role: "user", content: "anyone?" }] });
    expect(timedOut.status).toBe(504);
    expect(timedOut.error.message).toContain("000001.answer.json");
    await stub.close();
    stub = await startOpenAiStub({ chat: createRelayHandler({ dir, pollMs: 5 }) });
    const failing = post(stub, { messages: [{ role: "user", content: "fail" }] });
    answer(dir, await waitForFile(join(dir, "000002.request.json")), { error: { status: 503, message: "busy" } });
    expect(await failing).toMatchObject({ status: 503, error: { message: "busy" } });
  });
});
