import { conformanceItem } from "@engram/testing";
import { formatMemoryLine } from "../src/recall/format-memory-line";
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
});
