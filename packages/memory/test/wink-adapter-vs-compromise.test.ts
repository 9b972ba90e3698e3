import { winkParse } from "../src/ingest/offline/parse-worker";
import type { CompromiseSentenceJson } from "../src/ingest/offline/sentences";
import { nlp } from "../src/text/nlp-libraries";

/** What the offline parse reads of a term besides its tags: its place in the text and the word it hides. */
function layout(sentences: CompromiseSentenceJson[]) {
  return sentences.map((sentence) => ({
    start: sentence.offset.start,
    terms: sentence.terms.map((term) => ({ text: term.text, pre: term.pre, post: term.post, implicit: term.implicit ?? null, start: term.offset.start, length: term.offset.length })),
  }));
}

const compromiseLayout = (text: string) => layout(nlp(text).json({ offset: true, terms: { offset: true } }) as CompromiseSentenceJson[]);

describe("the wink-nlp adapter against compromise (the parse it replaced)", () => {
  // Offsets, pre/post (terms tile the text: analyze-message takes a sentence's start back by its first pre) and the
  // hidden word of a contraction must be compromise's.
  it.each([
    ["I'm", "I'm fine, thanks."],
    ["I'd + past participle is had", "I'd finished the book."],
    ["I'd + adverb + participle is had", "I'd already seen it."],
    ["I'd + infinitive is would", "I'd go home."],
    ["she's been is has", "She's been busy."],
    ["she's + participle is has", "She's gone."],
    ["she's + adjective is is", "She's here."],
    ["can't", "I can't go."],
    ["a possessive hides nothing", "Caroline's dog barked."],
    ["a standalone emoji is a term", "Hi 👋 there."],
    ["an emoji opening a sentence", "Great news. 🎉 So stoked."],
    ["emoji glued to a word stay in its post", "Love it❤️ so much"],
    ["an emoji sentence", "So happy! 😊"],
    ["an opening quote and spaces", '"  Quoted" he said'],
    ["leading tab", "\tTabbed start."],
    ["leading spaces", "  Two spaces first."],
    ["newlines and trailing spaces", "First line.\nSecond line.  "],
    ["a blank line", "Hello.\n\nWorld."],
  ])("%s: %j", (_, text) => {
    expect(layout(winkParse(text))).toEqual(compromiseLayout(text));
  });

  it("differs on purpose where compromise keeps punctuation inside an emoji's term", () => {
    // compromise: one term "😊." (its text takes the full stop, post ""); the adapter: "😊" with post ".".
    const [sentence] = winkParse("So happy 😊.");
    expect(sentence!.terms.at(-1)).toMatchObject({ text: "😊", post: ".", tags: ["Emoji"] });
    expect(compromiseLayout("So happy 😊.")[0]!.terms.at(-1)).toMatchObject({ text: "😊.", post: "" });
  });

  it("tags the hidden had/has as compromise does (Verb, Auxiliary; no copula)", () => {
    for (const text of ["I'd finished the book.", "She's been busy."]) {
      const hidden = winkParse(text)[0]!.terms[1]!;
      expect(hidden.tags).toEqual(["Verb", "Auxiliary"]);
    }
  });
});
