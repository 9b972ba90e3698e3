import { winkParse } from "../src/ingest/offline/parse-worker";

/** Each word of `text` with its tags, sentence by sentence. */
function tagsOf(text: string): Record<string, string[]>[] {
  return winkParse(text).map((sentence) => Object.fromEntries(sentence.terms.map((term) => [term.text, term.tags])));
}

describe("the wink-nlp adapter's tags", () => {
  it("make a -t past after its subject a past-tense verb (wink's lite model tags most as nouns or adjectives)", () => {
    for (const past of ["learnt", "spelt", "dreamt", "burnt", "leapt", "knelt", "dwelt", "spilt", "spoilt", "smelt"]) {
      expect(tagsOf(`I ${past} it last week.`)[0]![past]).toEqual(expect.arrayContaining(["Verb", "PastTense"]));
    }
    expect(tagsOf("Ada learnt the cello.")[0]!.learnt).toEqual(expect.arrayContaining(["Verb", "PastTense"]));
    expect(tagsOf("I have never learnt French.")[0]!.learnt).toEqual(expect.arrayContaining(["Verb", "PastTense", "Participle"]));
  });

  it("leave a -t past that is no verb there as wink tagged it", () => {
    expect(tagsOf("We ate the burnt toast.")[0]!.burnt).not.toContain("Verb");
  });

  it("tag a proper noun followed by an organization word an Organization, as compromise's org-word rule did", () => {
    const [first, second] = tagsOf("Finch Labs hired me. I work at Acme Corp near Stanford University.");
    expect(first!.Finch).toContain("Organization");
    expect(first!.Labs).toContain("Organization");
    expect(second!.Acme).toContain("Organization");
    expect(second!.University).toContain("Organization");
    // A first name is not swallowed into an organization (compromise's isOrg excludes first names, so neither word is).
    expect(tagsOf("Ada Labs hired me.")[0]!.Ada).not.toContain("Organization");
  });

  it("keep a percent one term and read a sentence-first \"Been\" as a past, not an instruction's infinitive", () => {
    expect(tagsOf("I 100% agree.")[0]!["100%"]).toEqual(expect.arrayContaining(["Value", "Percent"]));
    const been = tagsOf("Been having some tough times lately.")[0]!.Been;
    expect(been).toContain("PastTense");
    expect(been).not.toContain("Infinitive");
  });

  it("tag a \"when\" that opens a clause as compromise did (Conjunction, Preposition), a question's \"when\" an adverb", () => {
    expect(tagsOf("Started when I was young.")[0]!.when).toEqual(["Conjunction", "Preposition"]);
    expect(tagsOf("When is it?")[0]!.When).toEqual(["Adverb"]);
  });

  it("tag names from compromise's lexicon (the lite model has no entities)", () => {
    const tags = tagsOf("Caroline flew to Paris with Google's team.")[0]!;
    expect(tags.Caroline).toEqual(expect.arrayContaining(["Person", "FirstName"]));
    expect(tags.Paris).toContain("Place");
  });

  it("tag names of several words from the lexicon as one name, and a person-only name after to/in/from a place", () => {
    const abuDhabi = tagsOf("We flew to Abu Dhabi with Barack Obama.")[0]!;
    for (const word of ["Abu", "Dhabi"]) {
      expect(abuDhabi[word]).toContain("Place");
      expect(abuDhabi[word]).not.toContain("Person");
    }
    expect(abuDhabi.Barack).toContain("Person");
    expect(abuDhabi.Obama).toContain("Person");
    expect(tagsOf("I moved to Los Angeles.")[0]!.Los).toContain("Place");
    // lowercase chat words are no names ("the east side")
    expect(tagsOf("We live on the east side.")[0]!.east).not.toContain("Place");
    // compromise's lexicon has "austin" as a person: after to/in/from it is a place, elsewhere a person
    expect(tagsOf("I moved to Austin.")[0]!.Austin).toContain("Place");
    expect(tagsOf("I met Austin.")[0]!.Austin).toContain("Person");
    // a first name stays a person there
    expect(tagsOf("I talked to Caroline.")[0]!.Caroline).toContain("Person");
  });
});
