import fc from "fast-check";
import { getEncoding } from "js-tiktoken";
import { countTokens } from "../src/recall/token-counter";

const encoding = getEncoding("cl100k_base");

describe("countTokens, counted line by line,", () => {
  it("equals the count of the whole text for any text", () => {
    const pieces = ["\n", "\n\n", " \n", "\r\n", "  ", " ", "##", "### 8 May 2023", "- ", "(D1:3)", ").", "'s", "Ada", "ade", "123", "4567", "é", "日本", "\t", "!", "🙂", "[", "]"];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 6 })), { maxLength: 40 }), (parts) => {
        const text = parts.join("");
        expect(countTokens(text)).toBe(encoding.encode(text).length);
      }),
      { numRuns: 500 },
    );
  });

  it("counts a packed context exactly", () => {
    const context = "## Core memory\n- Ada likes chess (D1:3)\n\n## Episodic memory\n### 8 May 2023\n- Ada adopted a parrot named Quetzalcoatl. (D2:7)\n  indented continuation\n- Last line";
    expect(countTokens(context)).toBe(encoding.encode(context).length);
    expect(countTokens("")).toBe(0);
  });
});
