import { ValidationError } from "../src/index";
import { buildWhere, quoteLiteral } from "../src/internal";

const columns = new Set(["user_id", "id", "valid_to", "sources", "occurred_at"]);

describe("buildWhere", () => {
  it("quotes values so hostile input stays a literal", () => {
    expect(buildWhere({ user_id: "x' OR '1'='1" }, columns)).toBe("user_id = 'x'' OR ''1''=''1'");
    expect(buildWhere({ user_id: "O'Brien" }, columns)).toBe("user_id = 'O''Brien'");
    expect(buildWhere({ user_id: "50%_\\" }, columns)).toBe("user_id = '50%_\\'");
  });

  it("joins columns with AND and $or sub-filters with OR", () => {
    expect(buildWhere({ user_id: "u", $or: [{ valid_to: { $isNull: true } }, { valid_to: { $gt: "2024-01-01" } }] }, columns)).toBe(
      "(user_id = 'u') AND ((valid_to IS NULL OR valid_to > '2024-01-01'))",
    );
    expect(buildWhere({ id: { $in: ["a", "b'c"] } }, columns)).toBe("id IN ('a', 'b''c')");
    expect(buildWhere({ sources: { $has: "D1:3" } }, columns)).toBe("array_has(sources, 'D1:3')");
  });

  it("refuses unknown columns, unknown operators, empty $in and NUL", () => {
    expect(() => buildWhere({ "user_id = 'a' OR 1=1 --": "x" }, columns)).toThrow(ValidationError);
    expect(() => buildWhere({ user_id: { $regex: "x" } as never }, columns)).toThrow(ValidationError);
    expect(() => buildWhere({ id: { $in: [] } }, columns)).toThrow(ValidationError);
    expect(() => quoteLiteral("a\u0000b")).toThrow(ValidationError);
    expect(() => quoteLiteral(Number.NaN)).toThrow(ValidationError);
  });
});
