import { conformanceItem } from "@engram/testing";
import { formatMemoryLine } from "../src/recall/format-memory-line";
import { packContext, TIMELINE_HEADING } from "../src/recall/pack-context";
import type { MemoryItem } from "../src/schema/memory-item";
import { countTokens } from "../src/recall/token-counter";

const item = (fields: Record<string, unknown> & { id: string }) => conformanceItem({ user_id: "u1", ...fields } as never) as unknown as MemoryItem;

describe("denser packing", () => {
  it("shows an image by its caption and message, without its address", () => {
    const image = item({
      id: "img",
      type: "resource",
      resource_type: "image",
      title: "a photo of a painting",
      uri: "https://example.com/cdn/shop/products/image_4c8aee8a-5395-4037-a1d4-f6db3a3b0302.jpg",
      summary: "Melanie shared a photo of a painting https://example.com/cdn/shop/products/image_4c8aee8a-5395-4037-a1d4-f6db3a3b0302.jpg. Melanie painted it because it was calming.",
      valid_from: "2023-10-13T00:00:00.000Z",
      sources: ["D17:14"],
    });
    // The caption says it is a photo: no "image: " label.
    expect(formatMemoryLine(image)).toBe("- 2023-10-13: Melanie shared a photo of a painting. Melanie painted it because it was calming. [D17:14]");
    expect(formatMemoryLine(image, { dayInHeading: true })).toBe("- Melanie shared a photo of a painting. Melanie painted it because it was calming. [D17:14]");
    const unnamed = item({ id: "img2", type: "resource", resource_type: "image", title: "", uri: "https://example.com/a.jpg", summary: "a sunset over the lake", valid_from: "2023-10-13T00:00:00.000Z", sources: ["D17:15"] });
    expect(formatMemoryLine(unnamed)).toBe("- 2023-10-13: image: a sunset over the lake [D17:15]");
    // Only the caption counts: "pics" in the message said with it does not make the caption say it is a picture.
    const saidPics = item({ id: "img3", type: "resource", resource_type: "image", title: "", uri: "https://example.com/b.jpg", summary: "Melanie shared a painting of a sunset. Melanie's message: Here are some pics from last week.", valid_from: "2023-10-13T00:00:00.000Z", sources: ["D17:16"] });
    expect(formatMemoryLine(saidPics)).toBe("- 2023-10-13: image: Melanie shared a painting of a sunset. Melanie's message: Here are some pics from last week. [D17:16]");
    const link = item({ id: "doc", type: "resource", resource_type: "link", title: "", uri: "https://docs.example/pipeline", summary: "the design doc", valid_from: "2024-03-12T00:00:00.000Z", sources: ["S2:5"] });
    expect(formatMemoryLine(link)).toContain("https://docs.example/pipeline");
  });

  it("leaves source ids off the lines with citeSources false, keeps them on the packed items, and fits more items in the same budget", () => {
    const events = Array.from({ length: 40 }, (_, index) =>
      item({ id: `e${index}`, type: "episodic", text: `Caroline went to meeting number ${index}`, valid_from: "2023-05-08T00:00:00.000Z", occurred_at: null, sources: [`D${index}:${index + 1}`] }),
    );
    expect(formatMemoryLine(events[3]!, { citeSources: false })).toBe("- Caroline went to meeting number 3");
    const fused = events.map((event, index) => ({ item: event, score: 1 / (index + 1) }));
    const cited = packContext([], fused, { tokenBudget: 120 });
    const bare = packContext([], fused, { tokenBudget: 120, citeSources: false });
    expect(cited.context).toContain("[D0:1]");
    expect(bare.context).not.toMatch(/\[D\d+:\d+\]/);
    expect(bare.items.length).toBeGreaterThan(cited.items.length);
    expect(bare.items[0]!.sources).toEqual(["D0:1"]);
    expect(bare.tokens).toBeLessThanOrEqual(120);
  });
});

describe("timeline packing", () => {
  const day = (iso: string, hour: number) => `${iso}T${String(hour).padStart(2, "0")}:00:00.000Z`;
  const event = item({ id: "e1", type: "episodic", text: "Gina: the store launched an ad campaign", valid_from: day("2023-01-29", 10), occurred_at: null, sources: ["D1:5"] });
  const sameDayFact = item({ id: "s1", type: "semantic", text: "Gina opened an online clothing store", valid_from: day("2023-01-29", 11), sources: ["D1:6"] });
  const laterImage = item({ id: "r1", type: "resource", resource_type: "image", title: "", uri: "", summary: "Gina shared a photo of a rack of clothes.", valid_from: day("2023-02-08", 9), sources: ["D2:3"] });
  const vault = item({ id: "v1", type: "knowledge_vault", caption: "Gina's shop login", secret: "gina-shop", sensitivity: "low", valid_from: day("2023-02-01", 9), sources: ["D1:9"] });
  const core = item({ id: "c1", type: "core", label: "human:Gina", value: "Gina lives in Portland", text: "Gina lives in Portland", sources: ["D1:1"] });

  it("puts events, facts and resources in one time-ordered section under the day each was said, dating no line of its own", () => {
    const fused = [laterImage, sameDayFact, vault, event].map((candidate, index) => ({ item: candidate, score: 1 / (index + 1) }));
    const packed = packContext([core], fused, { tokenBudget: 500 });
    expect(packed.context).toBe(
      [
        "## Core memory",
        "- Gina lives in Portland [D1:1]",
        "",
        TIMELINE_HEADING,
        "### 29 January 2023",
        "- Gina: the store launched an ad campaign [D1:5]",
        "- Gina opened an online clothing store [D1:6]",
        "### 8 February 2023",
        "- Gina shared a photo of a rack of clothes. [D2:3]",
        "",
        "## Knowledge vault",
        "- 2023-02-01: Gina's shop login: gina-shop [D1:9]",
      ].join("\n"),
    );
    expect(packed.items.map(({ id }) => id)).toEqual(["c1", "e1", "s1", "r1", "v1"]);
  });

  it("shows a fact that says what a packed core line says as that line, citing its sources there, not as a line of its own", () => {
    const repeat = item({ id: "s2", type: "semantic", text: "Gina lives in Portland.", valid_from: day("2023-03-02", 9), sources: ["D3:4"] });
    const fused = [repeat, event].map((candidate, index) => ({ item: candidate, score: 1 / (index + 1) }));
    const packed = packContext([core], fused, { tokenBudget: 500 });
    expect(packed.context).toBe(["## Core memory", "- Gina lives in Portland [D1:1, D3:4]", "", TIMELINE_HEADING, "### 29 January 2023", "- Gina: the store launched an ad campaign [D1:5]"].join("\n"));
    // The fact stays among the packed items, with its own sources, shown by the core line's text.
    expect(packed.items.map(({ id, text, sources }) => ({ id, text, sources }))).toEqual([
      { id: "c1", text: "Gina lives in Portland", sources: ["D1:1"] },
      { id: "s2", text: "Gina lives in Portland", sources: ["D3:4"] },
      { id: "e1", text: "Gina: the store launched an ad campaign", sources: ["D1:5"] },
    ]);
    expect(packed.tokens).toBe(countTokens(packed.context));
    // Without the core line packed, the fact has a line of its own.
    expect(packContext([], fused, { tokenBudget: 500 }).context).toContain("### 2 March 2023\n- Gina lives in Portland. [D3:4]");
  });

  it("keeps an event dated by its span on a line of its own though its text repeats a core line: joining would lose the date", () => {
    const lastYear = item({ id: "e2", type: "episodic", text: "Gina lives in Portland", valid_from: day("2023-03-02", 9), occurred_at: "2022-01-01T00:00:00.000Z", occurred_precision: "year", sources: ["D3:5"] });
    const packed = packContext([core], [{ item: lastYear, score: 1 }], { tokenBudget: 500 });
    expect(packed.context).toBe(["## Core memory", "- Gina lives in Portland [D1:1]", "", TIMELINE_HEADING, "### 2 March 2023", "- 2022: Gina lives in Portland [D3:5]"].join("\n"));
  });

  it("trims the items joined into a core line with it, in the context, the items and the explain decisions", () => {
    const repeat = item({ id: "s2", type: "semantic", text: "Gina lives in Portland.", valid_from: day("2023-03-02", 9), sources: ["D3:4"] });
    const fused = [{ item: repeat, score: 1 }, { item: event, score: 0.5 }];
    const full = packContext([core], fused, { tokenBudget: 500 });
    expect(full.items.map(({ id }) => id)).toEqual(["c1", "s2", "e1"]);
    // The event's line counted at 1 token: it packs, the context comes out over budget, and the weakest line, the core one (score 0), goes.
    const lines = new Map([[event, { item: event, score: 0.5, line: formatMemoryLine(event, { dayInHeading: true }), text: event.text, tokens: 1 }]]);
    const decisions: { id: string; decision: string }[] = [];
    const trimmed = packContext([core], fused, { tokenBudget: full.tokens - 1, lines, decisions: decisions as never });
    expect(trimmed.context).not.toContain("Portland");
    expect(trimmed.items.map(({ id }) => id)).toEqual(["e1"]);
    expect(decisions).toEqual(expect.arrayContaining([{ id: "c1", decision: "trimmed" }, { id: "s2", decision: "trimmed" }, { id: "e1", decision: "packed" }]));
  });

  it("fits more facts into a budget than dated lines would take: facts of one day share its heading", () => {
    const facts = Array.from({ length: 30 }, (_, index) =>
      item({ id: `f${index}`, type: "semantic", text: `Gina likes fabric number ${index}`, valid_from: day("2023-03-16", 8), sources: [`D5:${index}`] }),
    );
    const fused = facts.map((fact, index) => ({ item: fact, score: 1 / (index + 1) }));
    const packed = packContext([], fused, { tokenBudget: 150, citeSources: false });
    const datedLinesTokens = facts.slice(0, packed.items.length).reduce((sum, fact) => sum + countTokens(formatMemoryLine(fact, { citeSources: false })) + 1, 0);
    expect(packed.context.match(/### 16 March 2023/g)).toHaveLength(1);
    expect(packed.context).not.toContain("2023-03-16");
    expect(packed.tokens).toBeLessThanOrEqual(150);
    expect(datedLinesTokens).toBeGreaterThan(150);
  });
});

describe("event span prefix", () => {
  it("leads an event dated coarser than a day with its span, unless the text names that span already", () => {
    const event = (id: string, text: string) => item({ id, type: "episodic", text, valid_from: "2023-05-08T10:00:00.000Z", occurred_at: "2022-01-01T00:00:00.000Z", occurred_precision: "year", sources: ["D1:1"] });
    expect(formatMemoryLine(event("a", "Melanie: I painted that lake sunrise last year (2022)!"), { citeSources: false })).toBe("- Melanie: I painted that lake sunrise last year (2022)!");
    expect(formatMemoryLine(event("b", "Melanie: I painted that lake sunrise last year!"), { citeSources: false })).toBe("- 2022: Melanie: I painted that lake sunrise last year!");
  });
});

describe("widening a packed line", () => {
  const at = "2023-07-03T10:00:00.000Z";
  const fact = item({ id: "fact", type: "semantic", text: "This necklace is special to Caroline", valid_from: at, sources: ["D4:3"] });
  const turn = item({ id: "turn", type: "episodic", text: "Caroline: This necklace is special to Caroline. It stands for love, faith and strength.", valid_from: at, occurred_at: null, sources: ["D4:3"] });
  const other = item({ id: "other", type: "episodic", text: "Caroline: The necklace came from Sweden, a gift.", valid_from: at, occurred_at: null, sources: ["D4:3"] });

  it("puts the whole turn in the place of a packed line of the same message that it says all of", () => {
    const packed = packContext([], [{ item: fact, score: 1 }, { item: turn, score: 0.5 }], { tokenBudget: 200, citeSources: false });
    expect(packed.items.map(({ id }) => id)).toEqual(["turn"]);
    expect(packed.context).toContain("love, faith and strength");
    expect(packed.context).not.toContain("- This necklace");
  });

  it("keeps the packed line when the turn does not say all of it, or when the extra tokens do not fit", () => {
    const notAll = packContext([], [{ item: fact, score: 1 }, { item: other, score: 0.5 }], { tokenBudget: 200, citeSources: false });
    expect(notAll.items.map(({ id }) => id)).toEqual(["fact"]);
    // The smallest budget the fact alone fits: the turn's extra tokens do not fit it.
    let budget = 1;
    while (packContext([], [{ item: fact, score: 1 }], { tokenBudget: budget, citeSources: false }).items.length === 0) budget += 1;
    const tight = packContext([], [{ item: fact, score: 1 }, { item: turn, score: 0.5 }], { tokenBudget: budget, citeSources: false });
    expect(tight.items.map(({ id }) => id)).toEqual(["fact"]);
    expect(tight.tokens).toBeLessThanOrEqual(budget);
  });

  it("keeps the packed line when the turn is of another day, cites more than one message, or drops the line's date", () => {
    const later = { ...turn, id: "later", valid_from: "2023-07-09T10:00:00.000Z" };
    expect(packContext([], [{ item: fact, score: 1 }, { item: later, score: 0.5 }], { tokenBudget: 200, citeSources: false }).items.map(({ id }) => id)).toEqual(["fact"]);
    // An event citing two packed messages says more than one line: it replaces neither.
    const next = item({ id: "next", type: "semantic", text: "Caroline wears it every day", valid_from: at, sources: ["D4:4"] });
    const twoSources = { ...turn, id: "two", text: `${turn.text} Caroline wears it every day.`, sources: ["D4:3", "D4:4"] };
    const both = packContext([], [{ item: fact, score: 1 }, { item: next, score: 0.9 }, { item: twoSources, score: 0.5 }], { tokenBudget: 200, citeSources: false });
    expect(both.items.map(({ id }) => id).sort()).toEqual(["fact", "next"]);
    // A packed event dated coarser than a day shows its date ("- 2022: ..."): a turn without that date does not replace it.
    const dated = item({ id: "dated", type: "episodic", text: "Caroline: This necklace is special to Caroline", valid_from: at, occurred_at: "2022-01-01T00:00:00.000Z", occurred_precision: "year", sources: ["D4:3"] });
    const packed = packContext([], [{ item: dated, score: 1 }, { item: turn, score: 0.5 }], { tokenBudget: 200, citeSources: false });
    expect(packed.context).toContain("2022");
    expect(packed.items.map(({ id }) => id)).toEqual(["dated"]);
  });
});

describe("core lines of the people a query names", () => {
  const at = "2023-05-08T10:00:00.000Z";
  const coreLine = (id: string, name: string, value: string) => item({ id, type: "core", label: `human:${name}`, value, text: value, valid_from: at, sources: [`D1:${id.length}`] });
  const core = [coreLine("m1", "Melanie", "Melanie has a son"), coreLine("m22", "Melanie", "Melanie is a big fan of pottery"), coreLine("c333", "Caroline", "Caroline is from Sweden"), coreLine("c4444", "Caroline", "Caroline has a guinea pig")];
  const camping = item({ id: "e1", type: "episodic", text: "Melanie: We roasted marshmallows and told stories around the campfire.", valid_from: at, occurred_at: null, sources: ["D4:8"] });
  const fused = [{ item: camping, score: 1 }, ...core.map((line) => ({ item: line, score: 0.1 }))];

  it("leaves out the core lines of a person the query does not name when it names another, and frees their room for items", () => {
    const decisions: { id: string; decision: string }[] = [];
    const packed = packContext(core, fused, { tokenBudget: 500, citeSources: false, query: "What does Melanie do with her family on hikes?", decisions: decisions as never });
    expect(packed.context).toContain("- Melanie has a son");
    expect(packed.context).toContain("- Melanie is a big fan of pottery");
    expect(packed.context).not.toContain("Caroline");
    expect(packed.context).toContain("roasted marshmallows");
    expect(decisions).toEqual(expect.arrayContaining([{ id: "c333", decision: "unnamed" }, { id: "c4444", decision: "unnamed" }]));
    // The room (a core share the core lines never reach, as on LoCoMo): the smallest budget that fits the named person's core lines and the event leaves the event out when every core line packs.
    const options = { citeSources: false, coreShare: 1 };
    let budget = 1;
    while (!packContext(core, fused, { ...options, tokenBudget: budget, query: "What does Melanie do with her family on hikes?" }).context.includes("marshmallows")) budget += 1;
    const every = packContext(core, fused, { ...options, tokenBudget: budget });
    expect(every.context).toContain("Caroline is from Sweden");
    expect(every.context).not.toContain("marshmallows");
  });

  it("keeps every core line when the query names every person they are about, none of them, or part of a name only", () => {
    for (const query of ["What do Melanie and Caroline both paint?", "What did the charity race raise awareness for?", "How long have Mel and her husband been married?", undefined]) {
      const packed = packContext(core, fused, { tokenBudget: 500, citeSources: false, query });
      expect(packed.context).toContain("- Caroline is from Sweden");
      expect(packed.context).toContain("- Melanie has a son");
    }
  });
});
