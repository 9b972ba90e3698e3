import { eventMentions } from "../src/graph/event-patterns";
import { endsInNoun, extractTriplets } from "../src/graph/extract-triplets";
import { analyzeMessage } from "../src/ingest/offline/analyze-message";
import { storedMessage } from "./stored-message";

const analyze = (content: string) => analyzeMessage(storedMessage({ id: "D1:1", content, speaker: "Nadia" }), { ignoredNames: new Set(), minContentWords: 1 });

/** `predicate: object` of every event a sentence states, with compromise's tags telling nouns. */
const events = (sentence: string): string[] => {
  const [first, ...rest] = analyze(sentence).sentences;
  const tagged = { ...first!, tokens: [first!, ...rest].flatMap((part) => part.tokens) };
  return eventMentions(sentence, (phrase) => endsInNoun(tagged, phrase)).map((event) => `${event.predicate}: ${event.object}`);
};

describe("first-person event patterns", () => {
  it.each([
    ["a purchase", "I bought a red kayak at the lake shop.", "acquired: red kayak"],
    ["a subjectless purchase", "Finally got some new headphones!", "acquired: new headphones"],
    ["an event attended", "We attended the jazz festival downtown.", "attended: jazz festival"],
    ["a program joined", "Last month I joined a coding bootcamp program.", "attended: coding bootcamp program"],
    ["an event named before the clause", "That book fair I went to was huge.", "attended: book fair"],
    ["a quoted work and its maker", 'I keep rereading "The Hobbit" by J. R. R. Tolkien.', 'enjoyed_work: "The Hobbit" by J. R. R. Tolkien'],
    ["a job lost", "Lost my job as a cashier on Monday.", "lost_job: job as cashier"],
    ["a job quit, with its place", "I quit my job at the post office.", "lost_job: job at post office"],
    ["a business started", "We opened our own bike repair shop in March.", "started: bike repair shop"],
    ["a path planned", "I'm thinking of becoming a nurse someday.", "plans: becoming nurse"],
    ["an outing with family", "I took my daughter to the aquarium on Sunday.", "did_with_family: aquarium"],
  ])("%s", (_name, sentence, expected) => {
    expect(events(sentence)).toContain(expected);
  });

  it.each([
    ["something gotten that is not bought", "I got a call from my aunt and got a chance to rest."],
    ["a place gone to that is not an event", "I went to the store and then went to bed."],
    ["a quoted phrase with no maker", 'She said "see you soon" to me.'],
    ["a job kept", "I love my job at the bakery."],
    ["a plan that is no path", "I'm planning to eat pizza tonight."],
    ["someone else's outing", "My sister took the kids to the zoo."],
    ["a sentence with no trigger word", "The weather is lovely this afternoon."],
  ])("states nothing for %s", (_name, sentence) => {
    expect(events(sentence)).toEqual([]);
  });

  it("does not run past the event noun into the next clause", () => {
    expect(events("I went to a craft fair to show my work.")).toEqual(["attended: craft fair"]);
  });

  it.each([
    ["a subjectless tag question", "Bought a new canoe, huh?"],
    ["a tag question about the listener's evening", "Went to a blues concert on Friday, didn't you?"],
    ["a plain question", "Did you get a new canoe?"],
  ])("states nothing for %s (a question is not the speaker's event)", (_name, sentence) => {
    expect(events(sentence)).toEqual([]);
    expect(extractTriplets(analyze(sentence)).map((triplet) => triplet.predicate)).toEqual([]);
  });

  it("reads a statement with a tag for the events whose subject `I` is written out", () => {
    expect(events("Anyway, I opened my own pottery studio last spring - not bad, huh?")).toEqual(["started: pottery studio"]);
    expect(extractTriplets(analyze("Anyway, I opened my own pottery studio last spring - not bad, huh?")).map((triplet) => `${triplet.predicate}: ${triplet.object.name}`)).toEqual(["started: pottery studio"]);
    expect(events("What, I opened a pottery studio, right?")).toEqual([]);
  });

  it("keeps an event with a stretch of time after it, and a quoted work that opens a first-person sentence", () => {
    expect(events("I went to a film festival three days ago with Omar.")).toEqual(["attended: film festival"]);
    expect(events('"Hallelujah" by Leonard Cohen means so much to me.')).toEqual(['enjoyed_work: "Hallelujah" by Leonard Cohen']);
  });

  it.each([
    ["an event noun that opens a compound", "I went to the night bazaar with Omar.", []],
    ["an event noun with a hyphen after it", "We went to the drive-in on Friday.", []],
    ["a time phrase after the event", "I went to the hockey game last night.", ["attended: hockey game"]],
    ["tonight after the event", "We are at home, but I went to a poetry reading tonight.", ["attended: poetry reading"]],
  ])("ends an attended event at its noun: %s", (_name, sentence, expected) => {
    expect(events(sentence)).toEqual(expected);
  });

  it.each([
    ["a haircut", "I got my hair cut this morning."],
    ["people made ready", "I got the twins dressed for church."],
    ["rest", "I got some rest finally."],
    ["an ailment", "I got a migraine at work."],
    ["a divorce", "I got a divorce two years ago."],
  ])("states no purchase for %s", (_name, sentence) => {
    expect(events(sentence).filter((event) => event.startsWith("acquired"))).toEqual([]);
  });

  it("ends a plan's object at a time word", () => {
    expect(events("I'm planning to work with my uncle tomorrow.")).toEqual(["plans: work with my uncle"]);
  });

  it("ends a lost job's object at `to`", () => {
    expect(events("I quit my job as a teacher to care for my mom.")).toEqual(["lost_job: job as teacher"]);
  });

  it.each([
    ["someone else's favourite", 'My brother adores "Dune" by Frank Herbert.', []],
    ["someone else's, after `I think`", 'I think she adores "Dune" by Frank Herbert.', []],
    ["the speaker's", 'I just finished "Dune" by Frank Herbert.', ['enjoyed_work: "Dune" by Frank Herbert']],
    ["a subjectless turn", 'Adored "Dune" by Frank Herbert!', ['enjoyed_work: "Dune" by Frank Herbert']],
  ])("states a quoted work as enjoyed only when the speaker is the verb's subject: %s", (_name, sentence, expected) => {
    expect(events(sentence)).toEqual(expected);
  });
});
