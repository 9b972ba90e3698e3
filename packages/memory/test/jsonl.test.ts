import { parseJsonlMessages } from "../src/io/jsonl";

describe("parseJsonlMessages", () => {
  it("maps each line to a user and a message, with session as session_id", () => {
    const text = [
      '{"id":"s1:1","user":"ada","role":"user","speaker":"Ada","content":"I live in Porto.","timestamp":"2024-03-02T10:00:00Z","session":"s1"}',
      '{"user":"ada","role":"assistant","content":"Noted!"}',
      '{"user":"bea","content":"Hi","image_caption":"a cat on a sofa","image_url":"https://example.com/cat.jpg"}',
    ].join("\n");
    const { messages, errors } = parseJsonlMessages(text);
    expect(errors).toEqual([]);
    expect(messages).toEqual([
      {
        user: "ada",
        line: 1,
        message: { id: "s1:1", role: "user", speaker: "Ada", content: "I live in Porto.", timestamp: "2024-03-02T10:00:00Z", session_id: "s1" },
      },
      { user: "ada", line: 2, message: { role: "assistant", content: "Noted!" } },
      { user: "bea", line: 3, message: { role: "user", content: "Hi", image_caption: "a cat on a sofa", image_url: "https://example.com/cat.jpg" } },
    ]);
  });

  it("reports bad lines by 1-based line number and keeps the others", () => {
    const text = [
      '{"user":"ada","content":"one"}',
      "{not json",
      "",
      '{"user":"ada"}',
      '{"user":"ada","content":"two","role":"robot"}',
      '{"user":"ada","content":"three","timestamp":"yesterday"}',
      '{"user":"","content":"four"}',
      "[1,2]",
      '{"user":"ada","content":"five"}',
    ].join("\r\n");
    const { messages, errors } = parseJsonlMessages(text);
    expect(messages.map((m) => [m.line, m.message.content])).toEqual([
      [1, "one"],
      [9, "five"],
    ]);
    expect(errors.map((e) => e.line)).toEqual([2, 4, 5, 6, 7, 8]);
    expect(errors[0]?.message).toMatch(/^invalid JSON/);
    expect(errors[1]?.message).toMatch(/^content:/);
    expect(errors[2]?.message).toMatch(/^role:/);
    expect(errors[3]?.message).toMatch(/^timestamp:/);
    expect(errors[4]?.message).toMatch(/^user:/);
  });

  it("rejects an id repeated for the same user but allows it for another user", () => {
    const text = [
      '{"id":"m1","user":"ada","content":"a"}',
      '{"id":"m1","user":"bea","content":"b"}',
      '{"id":"m1","user":"ada","content":"c"}',
    ].join("\n");
    const { messages, errors } = parseJsonlMessages(text);
    expect(messages.map((m) => m.line)).toEqual([1, 2]);
    expect(errors).toEqual([{ line: 3, message: expect.stringContaining("already used on line 1") }]);
  });

  it("ignores a byte-order mark, blank lines and unknown keys", () => {
    const { messages, errors } = parseJsonlMessages('\uFEFF{"user":"ada","content":"hi","mood":"happy"}\n\n   \n');
    expect(errors).toEqual([]);
    expect(messages).toEqual([{ user: "ada", line: 1, message: { role: "user", content: "hi" } }]);
  });
});
