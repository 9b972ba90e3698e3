import { readFileSync } from "node:fs";
import { z } from "zod";

// The generator is plain CommonJS (run with node, no TypeScript loader): required, not imported.
const { buildWinkLexicon, serialize, OUT } = require("../scripts/build-wink-lexicon.cjs") as {
  buildWinkLexicon: () => unknown;
  serialize: (lexicon: unknown) => string;
  OUT: string;
};

/** wink-lexicon.json's shape, as wink-adapter.cjs reads it. */
const WinkLexicon = z.strictObject({
  compromise: z.string(),
  nameKinds: z.array(z.array(z.string())).length(4),
  names: z.record(z.string(), z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)])),
  orgWords: z.array(z.string()),
});

describe("wink-lexicon.json", () => {
  const committed = readFileSync(OUT, "utf8");

  it("is what scripts/build-wink-lexicon.cjs gives with the installed compromise (run it after a compromise upgrade)", () => {
    expect(committed).toBe(serialize(buildWinkLexicon()));
  });

  it("has the shape the adapter reads: the tags of four kinds of names, names of one or more words, org words", () => {
    const lexicon = WinkLexicon.parse(JSON.parse(committed));
    expect(lexicon.nameKinds[lexicon.names.ada!]).toEqual(["Person", "FirstName"]);
    expect(lexicon.nameKinds[lexicon.names["abu dhabi"]!]).toEqual(["Place"]);
    expect(lexicon.orgWords).toContain("labs");
  });
});
