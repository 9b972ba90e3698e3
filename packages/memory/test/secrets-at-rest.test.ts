import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { Engram, SECRET_KEY_FILE, SecretCipher, ValidationError, WITHHELD_SECRET } from "../src/index";
import { grepFolder } from "./helpers/grep-folder";

const API_KEY = "sk-live-ZQ9xv7TQm2LpK4rW8yBnAa";
const PASSWORD = "Gl4ss-Otter-9917";
const EMAIL = "ada.secret.test@example.org";

const MESSAGES = [
  { id: "m1", speaker: "Ada", content: `My OpenAI key is ${API_KEY} and my email is ${EMAIL}.`, timestamp: "2024-03-01T10:00:00Z" },
  { id: "m2", speaker: "Ada", content: `My password for the wifi is ${PASSWORD}. I moved to Lisbon last month.`, timestamp: "2024-03-02T10:00:00Z" },
];

/** Secrets at rest: high-sensitivity values never reach a file of the store folder in plaintext. */
describe("secrets at rest", () => {
  let dir: string;
  let engram: Engram;
  const ada = { user_id: "ada" };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-secrets-"));
    engram = await Engram.open({ path: dir });
    await engram.add(MESSAGES, ada);
  });
  afterEach(async () => {
    await engram.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("leaves no plaintext of a high-sensitivity value in any file of the store folder", async () => {
    const vault = await engram.list(ada, { type: "knowledge_vault" });
    const first = vault.find((item) => item.type === "knowledge_vault" && item.entry_type === "api_key")!;
    await engram.update(first.id, { importance: 0.95 }, ada);
    await engram.recall("What is my OpenAI key?", ada, { revealSecrets: true });
    await engram.store.optimize();
    expect(grepFolder(dir, API_KEY)).toEqual([]);
    expect(grepFolder(dir, PASSWORD)).toEqual([]);
    // Positive control: the grep does see plain values (a low-sensitivity email stays readable).
    expect(grepFolder(dir, EMAIL).length).toBeGreaterThan(0);
  });

  it("creates the store folder with mode 0700 (owner only)", async () => {
    const fresh = path.join(dir, "nested", "store");
    const other = await Engram.open({ path: fresh });
    await other.close();
    expect(fs.statSync(fresh).mode & 0o777).toBe(0o700);
  });

  it("creates the key file with mode 0600 on first use", () => {
    const stat = fs.statSync(path.join(dir, SECRET_KEY_FILE));
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it("recalls a secret as its caption and a placeholder, unless asked to reveal it", async () => {
    const hidden = await engram.recall("What is my OpenAI key?", ada);
    expect(hidden.context).toContain(`Ada's API key (sk-): ${WITHHELD_SECRET}`);
    expect(hidden.context).not.toContain(API_KEY);
    expect(JSON.stringify(hidden.items)).not.toContain(API_KEY);
    const shown = await engram.recall("What is my OpenAI key?", ada, { revealSecrets: true });
    expect(shown.context).toContain(API_KEY);
  });

  it("returns sealed values from get, list, history and messages unless revealed", async () => {
    const [item] = (await engram.list(ada, { type: "knowledge_vault" })).filter((entry) => entry.type === "knowledge_vault" && entry.entry_type === "api_key");
    expect(item!.type === "knowledge_vault" && item!.secret.startsWith("enc:v1:")).toBe(true);
    expect(await engram.get(item!.id, ada, { revealSecrets: true })).toMatchObject({ secret: API_KEY });
    const history = await engram.history(item!.id, ada);
    expect(history[0]!.after).not.toContain(API_KEY);
    expect((await engram.history(item!.id, ada, { revealSecrets: true }))[0]!.after).toContain(API_KEY);
    const [stored] = await engram.messages(ada, { ids: ["m1"] });
    expect(stored!.content).toBe(`My OpenAI key is [api_key] and my email is ${EMAIL}.`);
    expect((await engram.messages(ada, { ids: ["m1"], revealSecrets: true }))[0]!.content).toBe(MESSAGES[0]!.content);
  });

  it("refuses to open a sealed value with another key", async () => {
    await engram.close();
    engram = await Engram.open({ path: dir, secretKey: randomBytes(32) });
    const [item] = (await engram.list(ada, { type: "knowledge_vault" })).filter((entry) => entry.type === "knowledge_vault" && entry.sensitivity === "high");
    await expect(engram.get(item!.id, ada, { revealSecrets: true })).rejects.toThrow(ValidationError);
  });
});

describe("SecretCipher", () => {
  it("round-trips, uses a fresh IV per value and detects tampering", async () => {
    const cipher = new SecretCipher(randomBytes(32).toString("hex"));
    const a = await cipher.seal("hunter2");
    const b = await cipher.seal("hunter2");
    expect(a).not.toBe(b);
    expect(await cipher.open(a)).toBe("hunter2");
    expect(await cipher.seal(a)).toBe(a);
    const parts = a.split(":");
    parts[4] = Buffer.from("hunter3").toString("base64");
    await expect(cipher.open(parts.join(":"))).rejects.toThrow(ValidationError);
    await expect(new SecretCipher("short").seal("x")).rejects.toThrow(ValidationError);
  });
});
