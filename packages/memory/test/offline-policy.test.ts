import { createOfflinePolicy } from "../src/ingest/offline/offline-policy";
import { memoryLineText } from "../src/recall/format-memory-line";
import type { Candidate, CandidateOf, MemoryItem } from "../src/schema/memory-item";
import type { MemoryType } from "../src/schema/memory-type";
import type { StoredMessage } from "../src/schema/message";
import { storedMessage } from "./stored-message";

const TIMESTAMP = "2023-05-08T13:56:00.000Z";

function message(id: string, content: string, overrides: Partial<StoredMessage> = {}): StoredMessage {
  return storedMessage({ id, content, ...overrides });
}

async function draft(...messages: StoredMessage[]) {
  return createOfflinePolicy().draft(messages);
}

function of<T extends MemoryType>(drafted: Record<MemoryType, Candidate[]>, type: T): CandidateOf<T>[] {
  return drafted[type] as CandidateOf<T>[];
}

describe("offline policy: routing", () => {
  it("is named offline and always returns all six keys, plus the graph's triplets", async () => {
    const policy = createOfflinePolicy();
    expect(policy.name).toBe("offline");
    const drafted = await policy.draft([]);
    expect(Object.keys(drafted).sort()).toEqual(["core", "episodic", "graph", "knowledge_vault", "procedural", "resource", "semantic"]);
  });

  it("renders a word after \"I\" named like an object's built-in member as a word", async () => {
    // The irregular-verb table was a plain object: "constructor" found Object's constructor through its prototype.
    const drafted = await draft(message("D1:1", "I constructor the frames myself before the fair.", { speaker: "Ada" }));
    const texts = drafted.episodic.map((candidate) => candidate.text).join("\n");
    expect(texts).toContain("Ada constructor");
    expect(texts).not.toContain("function");
  });

  it("reads \"I'd\" before a past participle as \"had\", before an infinitive as \"would\"", async () => {
    const texts = async (content: string) => (await draft(message("D1:1", content, { speaker: "Ada" }))).episodic.map((candidate) => candidate.text).join("\n");
    expect(await texts("I'd finished the book before the trip.")).toContain("Ada had finished the book");
    expect(await texts("I'd already seen it twice.")).toContain("Ada had already seen it");
    expect(await texts("I'd gone home by then.")).toContain("Ada had gone home");
    expect(await texts("I'd go there again.")).toContain("Ada would go there again");
  });

  it("reads \"'s been\" as \"has been\", never \"is been\"", async () => {
    const drafted = await draft(message("D1:1", "Lisbon's been my home for years. She's been busy with work.", { speaker: "Ada" }));
    const texts = Object.values(drafted).flat().map((candidate) => JSON.stringify(candidate)).join("\n");
    expect(texts).not.toMatch(/is been/);
  });

  it("drafts nothing for greetings, thanks and questions", async () => {
    const drafted = await draft(
      message("D1:1", "Hey Mel! Good to see you! How have you been?", { speaker: "Caroline" }),
      message("D1:2", "Thanks, Melanie! Your kind words mean a lot.", { speaker: "Caroline" }),
      message("D1:3", "Wow! What got you into running?", { speaker: "Caroline" }),
      message("D1:4", "Hey Caroline!", { speaker: "Melanie" }),
    );
    for (const candidates of Object.values(drafted)) expect(candidates).toEqual([]);
  });

  it("keeps a sentence with one word of content beside the chat filler in an event", async () => {
    const drafted = await draft(
      message("D1:0", "Hey Mel!", { speaker: "Caroline" }),
      message("D1:1", "Family's super important to me. They mean the world to me and I'm so thankful to have them. Thanks, Caroline!", { speaker: "Melanie" }),
      message("D1:2", "Yeah, here's one I did last week. It's inspired by the sunsets.", { speaker: "Melanie" }),
    );
    const [family, painting] = of(drafted, "episodic").map((item) => item.text);
    expect(family).toContain("They mean the world to Melanie");
    expect(family).not.toContain("Thanks");
    expect(painting).toContain("inspired by the sunsets");
  });

  it("keeps a one-word answer that is no name, and drops chat phrases and a person addressed", async () => {
    const drafted = await draft(
      message("D1:0", "What class did you pick in the end?", { speaker: "Caroline" }),
      message("D1:1", "Ceramics!", { speaker: "Melanie" }),
      message("D1:2", "Oh, Portugal! Great job! No worries! Good night, Priya!", { speaker: "Caroline" }),
      message("D1:3", "Nice one. Thanks, Priya!", { speaker: "Melanie" }),
    );
    const events = of(drafted, "episodic").map((item) => item.text).join("\n");
    expect(events).toContain("Melanie: Ceramics!");
    expect(events).toContain("Portugal!");
    expect(events).not.toMatch(/Great job|No worries|Good night|Nice one|Thanks/);
  });

  it("counts a chat phrase as filler only when it is the whole clause: a great job got is news", async () => {
    const drafted = await draft(message("D1:0", "I got a great job!", { speaker: "Melanie" }), message("D1:1", "Great job, Mel!", { speaker: "Caroline" }));
    const events = of(drafted, "episodic").map((item) => item.text).join("\n");
    expect(events).toContain("great job");
    expect(events).not.toContain("Caroline");
  });

  it("keeps a statement closed by a tag question, and drops a real question", async () => {
    const drafted = await draft(
      message("D1:0", "Hey Mel!", { speaker: "Caroline" }),
      message("D1:1", "Sunflowers mean warmth and happiness, right? Roses stand for love, don't you think? What do flowers mean to you?", { speaker: "Caroline" }),
    );
    const [flowers] = of(drafted, "episodic").map((item) => item.text);
    expect(flowers).toContain("Sunflowers mean warmth and happiness, right?");
    expect(flowers).toContain("Roses stand for love, don't you think?");
    expect(flowers).not.toContain("What do flowers mean");
  });

  it("drops a question or a guess about the listener closed by a tag, and draws no fact from a tagged statement", async () => {
    const drafted = await draft(
      message("D1:0", "Hey Mel!", { speaker: "Caroline" }),
      message("D1:1", "So where did the kids go hiking, huh? Is the lake cabin booked for August, right?", { speaker: "Caroline" }),
      message("D1:2", "You sold the old piano last spring, right? Your cousin Lena teaches in Oslo, right?", { speaker: "Caroline" }),
      message("D1:3", "My brother Tom works in Denver, right? The museum opened a new wing, didn't it?", { speaker: "Caroline" }),
    );
    const events = of(drafted, "episodic").map((item) => item.text).join("\n");
    expect(events).not.toMatch(/hiking|cabin|piano|Lena/);
    expect(events).toContain("brother Tom works in Denver, right?");
    expect(events).toContain("The museum opened a new wing, didn't it?");
    expect(drafted.graph).toEqual([]);
    expect(of(drafted, "semantic")).toEqual([]);
  });

  it("drafts core and semantic facts from a self-description", async () => {
    const drafted = await draft(message("D1:1", "My name is Ada and I moved to Lisbon last month."));
    const core = of(drafted, "core");
    const home = core.find((item) => item.key === "ada|lives_in");
    expect(home).toMatchObject({ label: "human:Ada", limit: 1000, sources: ["D1:1"], valid_from: TIMESTAMP });
    expect(home?.value).toMatch(/^Ada lives in Lisbon/);
    expect(home?.value).toContain("April 2023");
    expect(core.find((item) => item.key === "ada|name")?.value).toBe("Ada's name is Ada");

    const semantic = of(drafted, "semantic");
    const lisbon = semantic.find((item) => item.summary.includes("Lisbon"));
    expect(lisbon).toMatchObject({ name: "Ada", source: "Ada", key: "ada|lives_in", sources: ["D1:1"] });
    expect(of(drafted, "episodic")[0]?.text).toContain("Ada moved to Lisbon last month (April 2023)");
  });

  it("keys likes per object and single-valued attributes per attribute", async () => {
    const drafted = await draft(
      message("D1:1", "I love painting. I'm a software engineer at Google. I have a dog named Rex."),
      message("D1:2", "My favorite book is \"Dune\". I'm a transgender woman and I'm from Sweden."),
    );
    const keys = of(drafted, "core").map((item) => item.key);
    expect(keys).toEqual(
      expect.arrayContaining(["ada|likes|painting", "ada|job", "ada|employer", "ada|has|dog_rex", "ada|favorite|book", "ada|identity|transgender_woman", "ada|from"]),
    );
    const semanticKeys = of(drafted, "semantic").map((item) => item.key);
    expect(semanticKeys).toEqual(expect.arrayContaining(["ada|job", "ada|from", "ada|favorite|book"]));
    // A like does not replace another like: no key for semantic memory to invalidate on.
    expect(of(drafted, "semantic").find((item) => item.summary === "Ada loves painting")?.key).toBe("");
  });

  it("keeps an assistant's first person out of core memory", async () => {
    const drafted = await draft(message("D1:1", "I love helping people with their code.", { role: "assistant", speaker: "assistant" }));
    expect(drafted.core).toEqual([]);
  });

  it("drafts a resource for a link and for file names", async () => {
    const drafted = await draft(message("D1:1", "The guide is at https://example.com/docs/setup, and my notes are in ~/notes/todo.md and report.pdf."));
    const resources = of(drafted, "resource");
    expect(resources.find((item) => item.resource_type === "link")).toMatchObject({ uri: "https://example.com/docs/setup", sources: ["D1:1"] });
    expect(resources.map((item) => item.uri)).toEqual(expect.arrayContaining(["~/notes/todo.md", "report.pdf"]));
  });

  it("names a shared file once in its context line", async () => {
    const drafted = await draft(message("D1:1", "I also shared the file quarterly-report-q1.pdf with the Q1 numbers.", { speaker: "Ada" }));
    const [file] = of(drafted, "resource");
    expect(file).toMatchObject({ summary: "Ada also shared the file quarterly-report-q1.pdf with the Q1 numbers." });
    expect(memoryLineText(file as unknown as MemoryItem)).toBe("document: quarterly-report-q1.pdf (Ada also shared the file with the Q1 numbers.)");
  });

  it("reads the speaker's name as a whole word: Ada telling of Adam still leads the line", async () => {
    const [event] = of(await draft(message("D1:1", "Adam is moving to Berlin.", { speaker: "Ada" })), "episodic");
    expect(event?.text).toBe("Ada: Adam is moving to Berlin.");
  });

  it("drafts an image resource and an episodic line from a shared image", async () => {
    const drafted = await draft(
      message("D1:5", "The transgender stories were so inspiring!", {
        speaker: "Caroline",
        image_caption: "a photo of a dog walking past a wall with a painting of a woman",
        image_url: "https://i.redd.it/l7hozpetnhlb1.jpg",
      }),
    );
    expect(of(drafted, "resource")[0]).toMatchObject({ resource_type: "image", uri: "https://i.redd.it/l7hozpetnhlb1.jpg", sources: ["D1:5"] });
    expect(of(drafted, "episodic")[0]?.text).toBe("Caroline: The transgender stories were so inspiring! Caroline shared a photo of a dog walking past a wall with a painting of a woman.");
  });

  it("drafts a titled work mentioned in quotes", async () => {
    const drafted = await draft(message("D7:11", "I loved \"Becoming Nicole\" by Amy Ellis Nutt. It's a real inspiring true story.", { speaker: "Caroline" }));
    expect(of(drafted, "resource").find((item) => item.title === "Becoming Nicole")).toMatchObject({ resource_type: "document" });
    expect(of(drafted, "semantic").some((item) => item.name.includes("Amy Ellis Nutt"))).toBe(true);
  });

  it("drafts procedural memory from a numbered list and from a first/then/finally sequence", async () => {
    const list = await draft(message("D1:1", "Here's how I deploy:\n1. Run the tests\n2. Build the image\n3. Push to the registry"));
    expect(of(list, "procedural")[0]).toMatchObject({ entry_type: "workflow", steps: ["Run the tests", "Build the image", "Push to the registry"] });

    const recipe = await draft(message("D1:2", "First, mix the flour and sugar. Then add the eggs. Finally, bake it for 20 minutes."));
    expect(of(recipe, "procedural")[0]?.entry_type).toBe("recipe");
    expect(of(recipe, "procedural")[0]?.steps).toHaveLength(3);
  });

  it("drafts advice given in reply to a request for tips, citing only the reply", async () => {
    const drafted = await draft(
      message("D17:6", "Thanks, Caroline! Got any tips for getting started on it?", { speaker: "Melanie" }),
      message("D17:7", "Yep! Do your research and find an adoption agency or lawyer. Gather documents like references and medical checks. Don't forget to prepare emotionally.", {
        speaker: "Caroline",
      }),
    );
    const procedural = of(drafted, "procedural");
    expect(procedural).toHaveLength(1);
    expect(procedural[0]).toMatchObject({ entry_type: "instructions", sources: ["D17:7"] });
    expect(procedural[0]?.steps).toHaveLength(3);
  });

  it("drafts vault items for an email and an API key, and never leaks them into other text", async () => {
    const email = "ada@example.com";
    const key = "sk-proj-abcdefghijklmnopqrstuvwx1234";
    const drafted = await draft(message("D1:1", `My email is ${email} and my OpenAI key is ${key}. I moved to Lisbon last month.`));
    const vault = of(drafted, "knowledge_vault");
    expect(vault.map((item) => [item.entry_type, item.sensitivity, item.secret])).toEqual([
      ["email", "low", email],
      ["api_key", "high", key],
    ]);
    expect(vault[0]?.caption).toBe("Ada's email address");
    for (const item of vault) {
      expect(item.caption).not.toContain(item.secret);
      expect(item.text).not.toContain(item.secret);
    }
    const others = [...drafted.core, ...drafted.episodic, ...drafted.semantic, ...drafted.procedural, ...drafted.resource];
    expect(others.length).toBeGreaterThan(0);
    for (const candidate of others) {
      expect(JSON.stringify(candidate)).not.toContain(email);
      expect(JSON.stringify(candidate)).not.toContain(key);
    }
    expect(of(drafted, "episodic")[0]?.text).toContain("[api_key]");
  });

  it("keeps one core candidate per key within a batch, the newer value winning", async () => {
    const drafted = await draft(message("D1:1", "I live in Porto."), message("D1:2", "I live in Lisbon."), message("D1:3", "I live in Lisbon."));
    const homes = of(drafted, "core").filter((item) => item.key === "ada|lives_in");
    expect(homes).toHaveLength(1);
    expect(homes[0]).toMatchObject({ value: "Ada lives in Lisbon", sources: ["D1:2"] });
  });

  it("rejects unknown options", () => {
    expect(() => createOfflinePolicy({ minContentWords: -1 })).toThrow(/invalid offline policy options/);
  });

  it("stops when the signal is aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(createOfflinePolicy().draft([message("D1:1", "I went hiking.")], { signal: controller.signal })).rejects.toThrow();
  });
});
