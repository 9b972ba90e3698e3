import { conformanceItem } from "@engram/testing";
import { fuseRankedLists, RECALL_RRF_K } from "../src/recall/fuse-ranked-lists";
import type { RankedList } from "../src/recall/search-memories";
import type { MemoryItem } from "../src/schema/memory-item";

const hit = (id: string, score: number) => ({ item: conformanceItem({ id, user_id: "u1", text: `fact ${id}` }) as unknown as MemoryItem, score });

/** The best vector hit A; B is 21st by vector and 20th by text; fillers fill both lists. */
const lists: RankedList[] = [
  { type: "semantic", method: "vector", hits: [hit("A", 0.1), ...Array.from({ length: 19 }, (_, index) => hit(`v${index}`, 0.2 + index / 100)), hit("B", 0.5)] },
  { type: "semantic", method: "text", hits: [...Array.from({ length: 19 }, (_, index) => hit(`t${index}`, 20 - index / 10)), hit("B", 1)] },
];

describe("recall's RRF constant", () => {
  it("ranks a single method's best hit above an item in the middle of two lists", () => {
    expect(RECALL_RRF_K).toBeLessThan(60);
    const ids = fuseRankedLists(lists).map(({ item }) => item.id);
    expect(ids.indexOf("A")).toBeLessThan(ids.indexOf("B"));
  });

  it("with Cormack et al.'s k = 60 the item in both lists wins", () => {
    const ids = fuseRankedLists(lists, { k: 60 }).map(({ item }) => item.id);
    expect(ids.indexOf("B")).toBeLessThan(ids.indexOf("A"));
  });
});

describe("the graph list's weight in fusion", () => {
  const graphList: RankedList = { type: "episodic", method: "graph", hits: [hit("G", 0)] };
  const textList: RankedList = { type: "semantic", method: "text", hits: Array.from({ length: 10 }, (_, index) => hit(`t${index}`, 20 - index)) };

  it("counts the graph's best hit like a search list's rank 7: below rank 6, above rank 8", () => {
    const ids = fuseRankedLists([textList, graphList]).map(({ item }) => item.id);
    expect(ids.indexOf("G")).toBeGreaterThan(ids.indexOf("t5"));
    expect(ids.indexOf("G")).toBeLessThan(ids.indexOf("t7"));
  });

  it("at weight 1 puts the graph's best hit first, level with the search list's best", () => {
    const ids = fuseRankedLists([textList, graphList], { methodWeights: { graph: 1 } }).map(({ item }) => item.id);
    expect(ids.indexOf("G")).toBeLessThan(ids.indexOf("t1"));
  });
});

describe("ties in fusion", () => {
  const item = (id: string, text: string) => ({ item: conformanceItem({ id, user_id: "u1", text }) as unknown as MemoryItem, score: 0.3 });

  it("orders items of equal score by their text, whatever their random ids", () => {
    const fusedIds = (ids: [string, string]) =>
      fuseRankedLists([{ type: "semantic", method: "vector", hits: [item(ids[0], "Ada moved to Porto"), item(ids[1], "Ada adopted a cat")] }]).map(({ item }) => item.text);
    expect(fusedIds(["a", "b"])).toEqual(["Ada adopted a cat", "Ada moved to Porto"]);
    expect(fusedIds(["b", "a"])).toEqual(["Ada adopted a cat", "Ada moved to Porto"]);
  });
});
