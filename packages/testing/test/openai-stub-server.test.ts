import { startOpenAiStub, stubEmbedding, type OpenAiStub } from "../src/openai-stub-server";

async function post(stub: OpenAiStub, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown>; text: string }> {
  const response = await fetch(`${stub.baseURL}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // streamed responses are not JSON
  }
  return { status: response.status, json, text };
}

describe("startOpenAiStub", () => {
  let stub: OpenAiStub;
  afterEach(async () => {
    await stub.close();
  });

  it("listens on 127.0.0.1 with an OS-assigned port and records requests", async () => {
    stub = await startOpenAiStub();
    expect(stub.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const { status, json } = await post(stub, "/chat/completions", { model: "m", messages: [{ role: "user", content: "hi" }] });
    expect(status).toBe(200);
    expect(json.model).toBe("m");
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]).toMatchObject({ method: "POST", path: "/v1/chat/completions", body: { model: "m" } });
    expect(stub.chatRequests()[0]?.messages[0]).toEqual({ role: "user", content: "hi" });
  });

  it("plays scripted replies in order, then the handler, with usage", async () => {
    stub = await startOpenAiStub({
      script: [{ content: "first" }, (request) => ({ content: `echo ${request.messages.length}` })],
      chat: () => ({ content: "fallback" }),
    });
    const contents: unknown[] = [];
    for (let index = 0; index < 3; index++) {
      const { json } = await post(stub, "/chat/completions", { messages: [{ role: "user", content: "x" }] });
      const choice = (json.choices as { message: { content: unknown } }[])[0];
      contents.push(choice?.message.content);
      const usage = json.usage as { prompt_tokens: number; completion_tokens: number; total_tokens: number };
      expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
      expect(usage.prompt_tokens).toBeGreaterThan(0);
    }
    expect(contents).toEqual(["first", "echo 1", "fallback"]);
  });

  it("answers with a tool call named after tool_choice or the first tool", async () => {
    stub = await startOpenAiStub({ chat: (request) => ({ toolCall: { arguments: { label: "CORRECT", n: request.messages.length } } }) });
    const tools = [{ type: "function", function: { name: "record_verdict", parameters: { type: "object" } } }];
    const { json } = await post(stub, "/chat/completions", { messages: [{ role: "user", content: "x" }], tools });
    const choice = (json.choices as { finish_reason: string; message: { content: unknown; tool_calls: { type: string; function: { name: string; arguments: string } }[] } }[])[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.tool_calls[0]?.function.name).toBe("record_verdict");
    expect(JSON.parse(choice?.message.tool_calls[0]?.function.arguments ?? "{}")).toEqual({ label: "CORRECT", n: 1 });

    const chosen = await post(stub, "/chat/completions", { messages: [], tools, tool_choice: { type: "function", function: { name: "other" } } });
    const chosenCall = (chosen.json.choices as { message: { tool_calls: { function: { name: string } }[] } }[])[0];
    expect(chosenCall?.message.tool_calls[0]?.function.name).toBe("other");
  });

  it("fails the next N requests with the status asked for, then recovers", async () => {
    stub = await startOpenAiStub();
    stub.failNext(2, 429);
    stub.failNext(1, 500);
    const statuses: number[] = [];
    for (let index = 0; index < 4; index++) statuses.push((await post(stub, "/chat/completions", { messages: [] })).status);
    expect(statuses).toEqual([429, 429, 500, 200]);
    const failed = await (async () => {
      stub.failNext(1);
      return post(stub, "/embeddings", { input: "x" });
    })();
    expect(failed.status).toBe(500);
    expect((failed.json.error as { message: string }).message).toContain("500");
  });

  it("serves scripted errors and 404 in OpenAI's error shape", async () => {
    stub = await startOpenAiStub({ script: [{ error: { status: 400, message: "bad tools" } }] });
    const scripted = await post(stub, "/chat/completions", { messages: [] });
    expect(scripted.status).toBe(400);
    expect(scripted.json.error).toMatchObject({ message: "bad tools", type: "invalid_request_error" });
    const missing = await post(stub, "/nothing", {});
    expect(missing.status).toBe(404);
  });

  it("serves deterministic unit-length embeddings, as floats or base64", async () => {
    stub = await startOpenAiStub({ embeddingDimensions: 8 });
    const first = await post(stub, "/embeddings", { model: "e", input: ["alpha", "beta"] });
    const data = first.json.data as { index: number; embedding: number[] }[];
    expect(data.map((entry) => entry.index)).toEqual([0, 1]);
    expect(data[0]?.embedding).toEqual(stubEmbedding("alpha", 8));
    expect(data[0]?.embedding).not.toEqual(data[1]?.embedding);
    const norm = Math.sqrt((data[0]?.embedding ?? []).reduce((sum, value) => sum + value * value, 0));
    expect(norm).toBeCloseTo(1, 6);
    const again = await post(stub, "/embeddings", { input: "alpha", dimensions: 4, encoding_format: "base64" });
    const encoded = (again.json.data as { embedding: string }[])[0]?.embedding ?? "";
    const buffer = Buffer.from(encoded, "base64");
    const decoded = Array.from(new Float32Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 4));
    expect(decoded).toHaveLength(4);
    for (const [index, value] of decoded.entries()) expect(value).toBeCloseTo(stubEmbedding("alpha", 4)[index] ?? NaN, 6);
  });

  it("streams server-sent events when asked, ending with [DONE]", async () => {
    stub = await startOpenAiStub({ script: [{ content: "streamed" }] });
    const { status, text } = await post(stub, "/chat/completions", { messages: [], stream: true, stream_options: { include_usage: true } });
    expect(status).toBe(200);
    const events = text.split("\n\n").filter((line) => line.startsWith("data: ")).map((line) => line.slice(6));
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event) as { choices: { delta: { content?: string } }[]; usage?: unknown });
    expect(chunks[0]?.choices[0]?.delta.content).toBe("streamed");
    expect(chunks.at(-1)?.usage).toBeDefined();
  });

  it("splits a streamed text reply into deltas of streamChunkChars characters", async () => {
    stub = await startOpenAiStub({ script: [{ content: "abcdefgh" }], streamChunkChars: 3 });
    const { text } = await post(stub, "/chat/completions", { messages: [], stream: true });
    const events = text.split("\n\n").filter((line) => line.startsWith("data: ")).map((line) => line.slice(6));
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event) as { choices: { delta: { content?: string; role?: string }; finish_reason: string | null }[] });
    const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta.content).filter((content) => content !== undefined));
    expect(deltas).toEqual(["abc", "def", "gh"]);
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
  });

  it("reset forgets requests and pending failures", async () => {
    stub = await startOpenAiStub();
    stub.failNext(3);
    await post(stub, "/chat/completions", { messages: [] });
    stub.reset();
    expect(stub.requests).toHaveLength(0);
    expect((await post(stub, "/chat/completions", { messages: [] })).status).toBe(200);
  });
});
