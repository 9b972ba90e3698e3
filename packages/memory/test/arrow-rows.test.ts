import { makeArrowTable } from "@lancedb/lancedb";
import { Field, FixedSizeList, Float32, Float64, Int64, Schema, Utf8 } from "apache-arrow";
import { toArrowTable } from "../src/store/arrow-rows";
import { columnsOf, memoryTableSchema, messagesTableSchema } from "../src/store/table-schemas";

const vectorType = (size: number) => new FixedSizeList(size, new Field("item", new Float32(), true));
const plain = (table: { toArray(): unknown[] }) =>
  JSON.stringify(
    table.toArray().map((row) => (row as { toJSON(): Record<string, unknown> }).toJSON()),
    (_, value) => (ArrayBuffer.isView(value) || (value && typeof value === "object" && "toArray" in value) ? Array.from(value as ArrayLike<number>) : value),
  );
const fieldsOf = (table: { schema: Schema }) => table.schema.fields.map((field) => `${field.name}:${field.type}:${field.nullable}`);

/** The table toArrowTable builds, checked against makeArrowTable's: the same columns in the same order, the same values. */
function expectAsMakeArrowTable(rows: Record<string, unknown>[], schema: Schema): void {
  const fast = toArrowTable(rows, schema);
  expect(Array.isArray(fast)).toBe(false);
  const table = fast as ReturnType<typeof makeArrowTable>;
  const reference = makeArrowTable(rows, { schema });
  expect(fieldsOf(table)).toEqual(fieldsOf(reference));
  expect(table.numRows).toBe(rows.length);
  expect(plain(table)).toEqual(plain(reference));
}

describe("toArrowTable", () => {
  const episodic = memoryTableSchema("episodic", 4);
  /** An episodic row of every column kind: nulls and values in the nullable columns, an empty and a longer list, non-ASCII text. */
  const episode = (id: string, overrides: Record<string, unknown> = {}) => {
    const row: Record<string, unknown> = {};
    for (const [name, kind] of Object.entries(columnsOf("episodic"))) {
      row[name] = kind === "stringList" ? [] : kind === "float" ? 0.25 : kind === "int" ? 3 : kind === "nullableString" ? null : `${name} of ${id}`;
    }
    return { ...row, id, vector: [0.1, 1 / 3, -0, 1e20], ...overrides };
  };

  it("builds the table makeArrowTable builds from a memory table's rows: every column kind, nulls, lists, float32 rounding", () => {
    expectAsMakeArrowTable(
      [
        episode("a", { text: "Caroline 🌈 went to the café — “support group”", sources: ["m1", "m2", "ü"], valid_to: "2024-01-02T00:00:00.000Z", access_count: -7, importance: 1 / 3 }),
        episode("b", { sources: [""], vector: [0, 0, 0, 0] }),
        episode("c", { text: "", last_accessed_at: "2024-02-01T00:00:00.000Z" }),
      ],
      episodic,
    );
  });

  it("builds a table without a vector column and with booleans (messages), leaving out the columns no row holds", () => {
    const message = (id: string, echoes: boolean) => ({ id, user_id: "ada", content: `hello ${id}`, seq: 2, processed_at: id === "a" ? null : "2024-01-01T00:00:00.000Z", echoes_memory: echoes, image_url: undefined });
    expectAsMakeArrowTable([message("a", true), message("b", false)], messagesTableSchema());
  });

  it("hands back rows it cannot build exactly, for LanceDB to convert or reject as before", () => {
    const cases: Record<string, unknown>[][] = [
      [episode("a", { vector: [0.1, 0.2] })], // a vector of another length
      [episode("a", { unknown_column: "x" })], // a key the schema lacks
      [episode("a", { text: null })], // null in a column that is not nullable
      [episode("a", { access_count: 1.5 })], // not an int32
      [episode("a", { sources: "m1" })], // not a list
      [episode("a", { importance: "high" })], // not a number
    ];
    for (const rows of cases) expect(toArrowTable(rows, episodic)).toBe(rows);
    const otherTypes = new Schema([new Field("id", new Utf8(), false), new Field("count", new Int64(), false)]);
    const rows = [{ id: "a", count: 1 }];
    expect(toArrowTable(rows, otherTypes)).toBe(rows);
    expect(toArrowTable([], episodic)).toEqual([]);
  });

  it("keeps float64 values and float32 vector values exact", () => {
    const schema = new Schema([new Field("importance", new Float64(), false), new Field("vector", vectorType(2), false)]);
    const table = toArrowTable([{ importance: 0.1, vector: [0.1, 1e-45] }], schema) as ReturnType<typeof makeArrowTable>;
    expect(table.getChild("importance")!.get(0)).toBe(0.1);
    expect(Array.from(table.getChild("vector")!.get(0)!.toArray() as Float32Array)).toEqual(Array.from(Float32Array.from([0.1, 1e-45])));
  });
});
