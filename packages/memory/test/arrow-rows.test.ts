import { makeArrowTable } from "@lancedb/lancedb";
import { Field, FixedSizeList, Float32, Float64, Schema, Utf8 } from "apache-arrow";
import { withArrowVectors } from "../src/store/arrow-rows";

const vectorType = (size: number) => new FixedSizeList(size, new Field("item", new Float32(), true));
const schema = new Schema([
  new Field("id", new Utf8(), false),
  new Field("text", new Utf8(), false),
  new Field("archived_at", new Utf8(), true),
  new Field("importance", new Float64(), false),
  new Field("vector", vectorType(4), false),
]);
/** Values a float32 rounds (0.1, 1/3), a negative zero and a large number; no row holds `archived_at`. */
const rows = [
  { id: "a", text: "first", importance: 0.5, vector: [0.1, 1 / 3, -0, 1e20] },
  { id: "b", text: "second", importance: 1, vector: [0, 0, 0, 0] },
];
const plain = (table: { toArray(): unknown[] }) => JSON.stringify(table.toArray().map((row) => (row as { toJSON(): Record<string, unknown> }).toJSON()), (_, value) => (ArrayBuffer.isView(value) || (value && typeof value === "object" && "toArray" in value) ? Array.from(value as ArrayLike<number>) : value));

describe("withArrowVectors", () => {
  it("builds the table makeArrowTable builds: the same columns in the same order, the same float32 values", () => {
    const fast = withArrowVectors(rows, schema);
    const reference = makeArrowTable(rows, { schema });
    expect(Array.isArray(fast)).toBe(false);
    const table = fast as ReturnType<typeof makeArrowTable>;
    expect(table.schema.fields.map((field) => `${field.name}:${field.type}:${field.nullable}`)).toEqual(reference.schema.fields.map((field) => `${field.name}:${field.type}:${field.nullable}`));
    expect(table.numRows).toBe(2);
    expect(plain(table)).toEqual(plain(reference));
    expect(Array.from(table.getChild("vector")!.get(0)!.toArray() as Float32Array)).toEqual(Array.from(Float32Array.from(rows[0]!.vector)));
  });

  it("hands back rows it cannot convert exactly (a vector of another length, no vector column), for LanceDB to convert or reject", () => {
    const short = [{ ...rows[0]!, vector: [0.1, 0.2] }];
    expect(withArrowVectors(short, schema)).toBe(short);
    const noVector = new Schema(schema.fields.filter((field) => field.name !== "vector"));
    expect(withArrowVectors(rows, noVector)).toBe(rows);
    expect(withArrowVectors([], schema)).toEqual([]);
  });
});
