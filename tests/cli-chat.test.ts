import { readFile } from "node:fs/promises";
import path from "node:path";
import { memoryModelReplies, startOpenAiStub, type OpenAiStub } from "@engram/testing";
import { makeTempDir, removeTempDir, runCli } from "./helpers/run-cli";

/** `engram chat` as a real process driven through piped stdin: one message per line, one reply per line. */
describe("engram chat", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await makeTempDir();
  });

  afterAll(() => removeTempDir(dir));

  it("remembers across runs: a new thread in a new process recalls where the user lives", async () => {
    const db = path.join(dir, "ada");
    const first = await runCli(["chat", "--db", db, "--user", "ada", "--name", "Ada"], { input: "My name is Ada and I moved to Lisbon last month.\n/exit\n" });
    expect(first.stderr).not.toMatch(/engram: /);
    expect(first.code).toBe(0);
    expect(first.stdout.trimEnd().split("\n")).toEqual(["I don't remember anything about that yet."]);

    const second = await runCli(["chat", "--db", db, "--user", "ada", "--thread", "another-thread"], { input: "Where do I live?\n" });
    expect(second.code).toBe(0);
    const replies = second.stdout.trimEnd().split("\n");
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/^From memory: .*Lisbon/);
    expect(replies[0]).toMatch(/\[\d{1,2} \w+ \d{4}\]/);
  });

  it("runs the slash commands", async () => {
    const db = path.join(dir, "slash");
    await runCli(["chat", "--db", db, "--user", "bo"], { input: "I love rock climbing and I climb every Sunday.\n" });
    const listed = await runCli(["chat", "--db", db, "--user", "bo"], { input: "/memories semantic\n/memories nonsense\n/stats\n/help\n/nope\n" });
    expect(listed.code).toBe(0);
    const memoryLine = listed.stdout.split("\n").find((line) => / semantic {2}\d{4}-\d\d-\d\d {2}.*climb/i.test(line));
    expect(memoryLine).toBeDefined();
    const id = memoryLine!.split(" ")[0]!;
    expect(listed.stdout).toMatch(/unknown memory type "nonsense"/);
    expect(listed.stdout).toMatch(/messages\s+1/);
    expect(listed.stdout).toMatch(/\/recall <query> +show the context recalled/);
    expect(listed.stdout).toMatch(/unknown command \/nope/);

    const file = path.join(dir, "bo-export.json");
    const edited = await runCli(["chat", "--db", db, "--user", "bo"], {
      input: [`/recall climbing`, `/history ${id}`, `/forget ${id}`, `/forget ${id}`, `/export ${file}`, "/exit"].join("\n"),
    });
    expect(edited.stderr).not.toMatch(/error|engram: /);
    expect(edited.code).toBe(0);
    // The fact shows on a line citing its source: its own under a day heading, or the core line saying the same, which it joins.
    expect(edited.stdout).toMatch(/(?:## Core memory|## Events, facts and resources by day\n### \d{1,2} [A-Z][a-z]+ \d{4})\n(?:- .*\n)*- .*climb.*\[.+\]/i);
    expect(edited.stdout).toMatch(/^-- \d+\/1500 tokens, \d+ items?(?:, \d+ relations?)?, \d+ ms$/m);
    expect(edited.stdout).toMatch(/^\S+Z {2}ADD {8}/m);
    expect(edited.stdout).toContain(`Forgot ${id}.`);
    expect(edited.stdout).toContain(`no memory item ${id}`);
    expect(edited.stdout).toMatch(/Exported \d+ memory items and 1 messages to /);
    const exported = JSON.parse(await readFile(file, "utf8")) as { user_id: string; memories: { id: string }[]; messages: { content: string }[] };
    expect(exported.user_id).toBe("bo");
    expect(exported.memories.some((memory) => memory.id === id)).toBe(false);
    expect(exported.messages[0]?.content).toMatch(/rock climbing/);
  });

  describe("with a chat model (the OpenAI-compatible stub)", () => {
    let stub: OpenAiStub;

    beforeAll(async () => {
      stub = await startOpenAiStub({
        streamChunkChars: 5,
        // Tool calls are the memory's own (LLM ingest policy, topic call); the answers stream without tools.
        chat: (request, recorded) => {
          if (request.tools) return memoryModelReplies()(request, recorded);
          const last = request.messages.at(-1);
          return { content: `You said: ${typeof last?.content === "string" ? last.content : "?"}\nThat is all.` };
        },
      });
    });

    afterAll(() => stub.close());

    it("streams the model's answers as one line each, and resumes a thread after a restart", async () => {
      const db = path.join(dir, "model");
      const env = { OPENAI_BASE_URL: stub.baseURL, OPENAI_API_KEY: "test-key", ENGRAM_CHAT_MODEL: "stub-chat" };
      const first = await runCli(["chat", "--db", db, "--user", "cy", "--thread", "t1"], { env, input: "I adopted a cat called Miso.\n" });
      expect(first.stderr).not.toMatch(/engram: /);
      expect(first.code).toBe(0);
      expect(first.stdout).toBe("You said: I adopted a cat called Miso. That is all.\n");
      const answers = () => stub.chatRequests().filter((request) => !request.tools);
      const request = answers().at(-1)!;
      expect(request.stream).toBe(true);
      expect(request.model).toBe("stub-chat");

      stub.reset();
      const second = await runCli(["chat", "--db", db, "--user", "cy", "--thread", "t1"], { env, input: "What is my cat called?\n" });
      expect(second.code).toBe(0);
      expect(second.stdout).toBe("You said: What is my cat called? That is all.\n");
      const messages = answers().at(-1)!.messages;
      expect(messages[0]?.role).toBe("system");
      expect(String(messages[0]?.content)).toMatch(/Recalled memories[\s\S]*Miso/);
      // Short-term memory: the earlier turn of thread t1 came back from <db>/checkpoints.sqlite.
      expect(messages.slice(1).map((message) => [message.role, message.content])).toEqual([
        ["user", "I adopted a cat called Miso."],
        ["assistant", "You said: I adopted a cat called Miso.\nThat is all."],
        ["user", "What is my cat called?"],
      ]);
    });

    it("exits with code 5 (ModelError) when the model fails", async () => {
      const failing = await startOpenAiStub({
        chat: (request, recorded) => (request.tools ? memoryModelReplies()(request, recorded) : { error: { status: 400, message: "model overloaded" } }),
      });
      try {
        const env = { OPENAI_BASE_URL: failing.baseURL, OPENAI_API_KEY: "test-key", ENGRAM_CHAT_MODEL: "stub-chat" };
        const run = await runCli(["chat", "--db", path.join(dir, "failing"), "--user", "cy"], { env, input: "Hello?\n" });
        expect(run.code).toBe(5);
        expect(run.stderr).toMatch(/^engram: ModelError: chat model stub-chat failed: .*model overloaded/m);
      } finally {
        await failing.close();
      }
    });
  });
});
