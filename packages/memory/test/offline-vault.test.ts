import { detectSensitiveValues, maskSensitiveValues } from "../src/sensitive/vault-detector";

const found = (text: string) => detectSensitiveValues(text).map((value) => [value.entry_type, value.sensitivity, value.value]);

describe("vault detector", () => {
  it("finds API keys and tokens by their well-known prefixes", () => {
    expect(found("key sk-proj-abcdefghijklmnopqrstuvwx1234 here")).toEqual([["api_key", "high", "sk-proj-abcdefghijklmnopqrstuvwx1234"]]);
    expect(found("ghp_abcdefghijklmnopqrstuvwxyz0123456789")).toEqual([["api_key", "high", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"]]);
    expect(found("AWS AKIAIOSFODNN7EXAMPLE")).toEqual([["api_key", "high", "AKIAIOSFODNN7EXAMPLE"]]);
  });

  it("finds values introduced by a cue word", () => {
    expect(found("My password for the wifi is hunter2!!")).toEqual([["credential", "high", "hunter2"]]);
    expect(found("the api token: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b")).toEqual([["api_key", "high", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"]]);
    expect(found("My passport number is X1234567.")).toEqual([["id_number", "high", "X1234567"]]);
    expect(found("my address is 12 Rua Augusta, Lisbon.")).toEqual([["address", "medium", "12 Rua Augusta, Lisbon"]]);
  });

  it("finds emails, phones, cards, IBANs and SSNs by shape and checksum", () => {
    expect(found("mail ada@example.com")).toEqual([["email", "low", "ada@example.com"]]);
    expect(found("call +351 912 345 678 or (555) 123-4567")).toEqual([
      ["phone", "medium", "+351 912 345 678"],
      ["phone", "medium", "(555) 123-4567"],
    ]);
    expect(found("card 4111 1111 1111 1111")).toEqual([["card_number", "high", "4111 1111 1111 1111"]]);
    expect(found("IBAN GB82 WEST 1234 5698 7654 32")).toEqual([["bank_account", "high", "GB82 WEST 1234 5698 7654 32"]]);
    expect(found("ssn 123-45-6789")).toEqual([["id_number", "high", "123-45-6789"]]);
    expect(found("I live at 221 Baker Street, London.")).toEqual([["address", "medium", "221 Baker Street, London"]]);
  });

  it("ignores ordinary text, dates, numbers and non-Luhn digit runs", () => {
    expect(found("The key is patience. My password is secret, ha. Born 2023-05-08, 10 years ago.")).toEqual([]);
    expect(found("order 4111 1111 1111 1112 and 1234567890123")).toEqual([]);
    expect(found("I ran 5 km in 25 minutes on 12/05/2023")).toEqual([]);
  });

  it("masks values with placeholders, keeping the rest of the text", () => {
    const { masked, values } = maskSensitiveValues("Mail ada@example.com, key sk-proj-abcdefghijklmnopqrstuvwx1234.");
    expect(masked).toBe("Mail [email], key [api_key].");
    expect(values).toHaveLength(2);
    expect(maskSensitiveValues("Mail ada@example.com", "medium").masked).toBe("Mail ada@example.com");
  });
});
