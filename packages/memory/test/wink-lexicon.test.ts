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
  names: z.record(z.string(), z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])),
  orgWords: z.array(z.string()),
  pastTense: z.record(z.string(), z.string()),
});

describe("wink-lexicon.json", () => {
  const committed = readFileSync(OUT, "utf8");

  it("is what scripts/build-wink-lexicon.cjs gives with the installed compromise (run it after a compromise upgrade)", () => {
    expect(committed).toBe(serialize(buildWinkLexicon()));
  });

  it("has the shape the adapter reads: names of four kinds, org words, -t pasts with their infinitive", () => {
    const lexicon = WinkLexicon.parse(JSON.parse(committed));
    expect(lexicon.names.ada).toBe(1);
    expect(lexicon.orgWords).toContain("labs");
    expect(lexicon.pastTense).toMatchObject({ learnt: "learn", spelt: "spell", dreamt: "dream", burnt: "burn", leapt: "leap", knelt: "kneel" });
  });
});
