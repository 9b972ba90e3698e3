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

  it("counts lines of words seen before (their pieces remembered) as encoding them afresh does", () => {
    const words = fc.constantFrom("Ada", " Ada", " adopted", " a", " parrot", "parrot", " named", " Quetzalcoatl", ".", " (D2:7)", " 2023", " 12345", "  ", " café", "'s", " don't", "\t", "!!");
    fc.assert(
      fc.property(fc.array(fc.array(words, { maxLength: 20 }), { maxLength: 8 }), (lines) => {
        const text = lines.map((line) => `- ${line.join("")}`).join("\n");
        expect(countTokens(text)).toBe(encoding.encode(text).length);
      }),
      { numRuns: 300 },
    );
  });

  it("counts special-token text as plain text, where js-tiktoken's encode throws", () => {
    const line = "- Ada wrote <|endoftext|> and <|fim_prefix|> here";
    expect(() => encoding.encode(line)).toThrow();
    expect(countTokens(line)).toBe(encoding.encode(line, [], []).length);
    expect(countTokens("- Ada wrote <| here")).toBe(encoding.encode("- Ada wrote <| here").length);
  });

  it("counts a very long unbroken run in chunks, close to the exact count", () => {
    const run = "ACGT".repeat(500);
    const exact = encoding.encode(run).length;
    const counted = countTokens(run);
    expect(counted).toBeGreaterThanOrEqual(exact);
    expect(counted).toBeLessThanOrEqual(exact + Math.ceil(run.length / 256));
  });
});
