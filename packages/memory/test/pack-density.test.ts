import { conformanceItem } from "@engram/testing";
import { formatMemoryLine } from "../src/recall/format-memory-line";
import { packContext } from "../src/recall/pack-context";
import type { MemoryItem } from "../src/schema/memory-item";

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
    expect(formatMemoryLine(image)).toBe("- 2023-10-13: image: Melanie shared a photo of a painting. Melanie painted it because it was calming. [D17:14]");
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
