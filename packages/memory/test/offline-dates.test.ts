import { createOfflinePolicy } from "../src/ingest/offline/offline-policy";
import { resolveDates } from "../src/ingest/offline/resolve-dates";
import type { CandidateOf } from "../src/schema/memory-item";
import type { StoredMessage } from "../src/schema/message";

function message(id: string, speaker: string, content: string, timestamp: string): StoredMessage {
  return { id, user_id: "u1", agent_id: "engram", session_id: "s1", role: "user", speaker, content, timestamp, image_caption: "", image_url: "", ingested_at: timestamp, seq: 0, processed_at: null, error: null };
}

async function episodic(content: string, timestamp = "2023-05-08T13:56:00.000Z", speaker = "Caroline", id = "D1:3"): Promise<CandidateOf<"episodic">> {
  const drafted = await createOfflinePolicy().draft([message(id, speaker, content, timestamp)]);
  const [item] = drafted.episodic as CandidateOf<"episodic">[];
  if (!item) throw new Error(`no episodic candidate for ${JSON.stringify(content)}`);
  return item;
}

const labels = (text: string, reference: string): string[] => resolveDates(text, new Date(reference)).map((date) => date.label);

describe("offline policy: dates resolved against the message time", () => {
  it("writes the absolute date after the relative one, in the third person", async () => {
    const item = await episodic("I went to a LGBTQ support group yesterday and it was so powerful.");
    expect(item.text).toBe("Caroline went to a LGBTQ support group yesterday (7 May 2023) and it was so powerful.");
    expect(item.occurred_at?.slice(0, 10)).toBe("2023-05-07");
    expect(item).toMatchObject({ sources: ["D1:3"], actor: "Caroline", valid_from: "2023-05-08T13:56:00.000Z", event_type: "activity" });
  });

  it("resolves last year, next month, last Saturday and last week", async () => {
    expect((await episodic("Yeah, I painted that lake sunrise last year!", undefined, "Melanie")).text).toContain("last year (2022)");
    const camping = await episodic("We're thinking about going camping next month.", "2023-05-25T13:14:00.000Z", "Melanie");
    expect(camping.text).toContain("next month (June 2023)");
    expect(camping.event_type).toBe("plan");
    expect(camping.occurred_at?.slice(0, 7)).toBe("2023-06");
    const race = await episodic("I ran a charity race for mental health last Saturday.", "2023-05-25T13:14:00.000Z", "Melanie");
    expect(race.text).toContain("last Saturday (20 May 2023, the Saturday before 25 May 2023)");
    expect((await episodic("I wanted to tell you about my school event last week.", "2023-06-09T19:55:00.000Z")).text).toContain("(the week before 9 June 2023)");
  });

  it("keeps an undated message as said, dated by occurred_at", async () => {
    const item = await episodic("Gonna continue my edu and check out career options, which is pretty exciting!");
    expect(item.text).toBe("Caroline: Gonna continue Caroline's edu and check out career options, which is pretty exciting!");
    expect(item.occurred_at).toBe("2023-05-08T13:56:00.000Z");
  });

  it("keeps a dated question the speaker answers next: it holds the answer's only date", async () => {
    const teased = await episodic("Guess what I did this week? I applied to adoption agencies!", "2023-08-23T15:31:00.000Z");
    expect(teased.text).toBe("Caroline: Guess what Caroline did this week (the week of 23 August 2023)? Caroline applied to adoption agencies!");
    expect(teased.occurred_at).toBe("2023-08-21T00:00:00.000Z");
    // Asked of someone else, or with the answer dated itself, the question stays out.
    expect((await episodic("Did you do anything fun this week? I applied to adoption agencies!")).text).toBe("Caroline applied to adoption agencies!");
    expect((await episodic("Guess what I did this week? Yesterday I applied to adoption agencies!", "2023-08-23T15:31:00.000Z")).text).toBe("Caroline: Yesterday (22 August 2023) Caroline applied to adoption agencies!");
  });

  it("labels relative expressions in the style of LoCoMo answers", () => {
    const reference = "2023-07-17T14:31:00.000Z";
    expect(labels("two weeks ago", reference)).toEqual(["the week of 3 July 2023"]);
    expect(labels("last weekend", reference)).toEqual(["the weekend before 17 July 2023"]);
    expect(labels("two weekends ago", reference)).toEqual(["two weekends before 17 July 2023"]);
    expect(labels("this week", reference)).toEqual(["the week of 17 July 2023"]);
    expect(labels("last Tuesday", reference)).toEqual(["11 July 2023, the Tuesday before 17 July 2023"]);
    expect(labels("I joined a new group last Tues.", reference)).toEqual(["11 July 2023, the Tuesday before 17 July 2023"]);
    expect(resolveDates("see you on Weds!", new Date(reference)).map((date) => [date.text, date.label])).toEqual([["on Weds", "19 July 2023, the Wednesday after 17 July 2023"]]);
    expect(labels("she weds him in June", reference)).toEqual(["June 2023"]);
    expect(labels("ten years ago", reference)).toEqual(["2013"]);
    expect(labels("a few years ago", reference)).toEqual(["around 2020"]);
    expect(labels("last summer", reference)).toEqual(["summer 2022"]);
    expect(labels("last summer", "2023-10-01T00:00:00.000Z")).toEqual(["summer 2023"]);
    expect(labels("I've known these friends for 4 years", reference)).toEqual(["since 2019"]);
    expect(labels("Seven years now, and I finally found my muses", reference)).toEqual(["since 2016"]);
    expect(labels("We went camping in June and again on Sat", reference)).toEqual(["June 2023", "15 July 2023, the Saturday before 17 July 2023"]);
    expect(labels("Sat down and had a cup of tea", reference)).toEqual([]);
    expect(labels("My daughter's birthday is on 13 August", reference)).toEqual(["13 August 2023"]);
  });

  it("ignores words that only look like dates", () => {
    const reference = "2023-07-17T14:31:00.000Z";
    expect(resolveDates("We played games in the sun and I may go again", new Date(reference))).toEqual([]);
    expect(resolveDates("see you at 5", new Date(reference))).toEqual([]);
    expect(resolveDates("I'm going there for 2 years", new Date(reference))).toEqual([]);
  });

  it("reads 'in a day' (week, month, year) as how long only in a clause with a finished action and no future", () => {
    const reference = "2023-07-21T10:00:00.000Z";
    expect(labels("Rome wasn't built in a day so keep pushing on!", reference)).toEqual([]);
    expect(labels("We painted the whole fence in a week.", reference)).toEqual([]);
    expect(labels("She read the whole trilogy in a week, then lent it to me.", reference)).toEqual([]);
    expect(labels("The shed was done in a month and I'll paint it next.", reference)).toEqual([]);
    expect(labels("I'll be back in a day.", reference)).toEqual(["22 July 2023"]);
    expect(labels("See you in a week!", reference)).toEqual(["the week of 28 July 2023"]);
    expect(labels("In a week we'll be hiking in Norway.", reference)).toEqual(["the week of 28 July 2023"]);
    expect(labels("Our recital is in a month!", reference)).toEqual(["August 2023"]);
    expect(labels("We drive to the coast in a week.", reference)).toEqual(["the week of 28 July 2023"]);
    expect(labels("My cousin is visiting in a week, so excited!", reference)).toEqual(["the week of 28 July 2023"]);
    expect(labels("I learned to knit in a month, and the fair opens in a week.", reference)).toEqual(["the week of 28 July 2023"]);
    // A participle after a present be or get, have got, and an infinitive after a verb of intent are still to come.
    for (const future of ["We're getting married in a week!", "I'm scheduled to fly out in a week.", "I've got an interview in a week.", "I've decided to move in a week."]) {
      expect(labels(future, reference)).toEqual(["the week of 28 July 2023"]);
    }
    expect(labels("I painted the whole fence in a week.", reference)).toEqual([]);
  });

  it("reads 'in a day' after an event's noun as when, and after an ability or habit as how long", () => {
    const reference = "2023-07-21T10:00:00.000Z";
    // The event is to come, whatever the verb: a sign-up happened, the race is a month away.
    expect(labels("I just signed up for a race in a month!", reference)).toEqual(["August 2023"]);
    expect(labels("We booked our trip in a week.", reference)).toEqual(["the week of 28 July 2023"]);
    expect(labels("We booked the whole house in a week.", reference)).toEqual([]);
    expect(labels("Got tickets for a concert in a week.", reference)).toEqual(["the week of 28 July 2023"]);
    // What one can do or usually does in a day is how long it takes.
    expect(labels("I can finish a painting in a day.", reference)).toEqual([]);
    expect(labels("I'm able to read a whole novel in a week.", reference)).toEqual([]);
    expect(labels("I usually knit a scarf in a week.", reference)).toEqual([]);
    // Meeting or going, and looking forward, stay dates.
    expect(labels("I can see you in a week.", reference)).toEqual(["the week of 28 July 2023"]);
    expect(labels("I can't wait to start classes in a month!", reference)).toEqual(["August 2023"]);
  });

  it.each([
    "We planned the whole wedding in a month.",
    "I organized the party in a week, it was chaos.",
    "I finished the program in a year.",
    "I prepared for the exam in a week.",
    "We did the whole drive in a day.",
    "I learned to play in a month.",
    "I can finish a painting in a day.",
  ])("reads 'in a day' in %p as how long: a finished action on an event's noun, a verb like 'play', or an ability to complete a work", (text) => {
    expect(labels(text, "2023-07-21T10:00:00.000Z")).toEqual([]);
  });

  it.each([
    ["I can finally quit my job in a month!", "August 2023"],
    ["I can finally adopt a dog in a month.", "August 2023"],
    ["I can graduate in a year if I pass everything.", "2024"],
    ["She said I can pick up the car in a week.", "the week of 28 July 2023"],
    ["I can finally retire in a year.", "2024"],
  ])("keeps the date of %p: an ability to do something other than complete a work is when", (text, label) => {
    expect(labels(text, "2023-07-21T10:00:00.000Z")).toEqual([label]);
  });

  it("gives the same dates whatever the process time zone", () => {
    const saved = process.env.TZ;
    try {
      const results: string[][] = [];
      for (const zone of ["UTC", "Pacific/Kiritimati", "America/Los_Angeles"]) {
        process.env.TZ = zone;
        results.push(labels("Last night was amazing, and yesterday too.", "2023-08-14T14:24:00.000Z"));
      }
      expect(results).toEqual([results[0], results[0], results[0]]);
      expect(results[0]).toEqual(["13 August 2023", "13 August 2023"]);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
