import { parseTokenBudget, parseWholeNumber } from "../src/options";

describe("parseWholeNumber", () => {
  const bytes = (value: string) => parseWholeNumber(value, "--max-body-bytes", { min: 1024, max: 1024 ** 3, unit: "bytes" });

  it("accepts digits within the range, bounds included", () => {
    expect(bytes("1024")).toBe(1024);
    expect(bytes(" 1048576 ")).toBe(1_048_576);
    expect(bytes(String(1024 ** 3))).toBe(1024 ** 3);
  });

  it.each(["1e6", "1023", "-2048", "2048.5", "0x800", "", "lots", String(1024 ** 3 + 1)])("rejects %j with a ValidationError naming the flag, its unit and range", (value) => {
    expect(() => bytes(value)).toThrow(
      expect.objectContaining({ name: "ValidationError", message: `--max-body-bytes must be a whole number of bytes from 1024 to ${1024 ** 3}, got ${JSON.stringify(value)}` }),
    );
  });

  it("keeps --budget's default and message", () => {
    expect(parseTokenBudget(undefined)).toBeGreaterThanOrEqual(50);
    expect(() => parseTokenBudget("49")).toThrow("--budget must be a whole number of tokens from 50 to 1000000");
  });
});
