import { eventMentions } from "../src/graph/event-patterns";

/** `predicate: object` of every event a sentence states. */
const events = (sentence: string): string[] => eventMentions(sentence).map((event) => `${event.predicate}: ${event.object}`);

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
});
