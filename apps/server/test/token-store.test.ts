import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { TokenStore, TOKENS_FILE } from "../src";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "engram-tokens-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("create returns a 256-bit token once; only its SHA-256 is stored, in a 0600 file", async () => {
  const store = new TokenStore(dir);
  const { token, record } = await store.create({ userId: "alice", name: "laptop", scopes: ["read"] });
  expect(token).toMatch(/^engram_[A-Za-z0-9_-]{43}$/);
  const file = await readFile(path.join(dir, TOKENS_FILE), "utf8");
  expect(file).not.toContain(token.slice("engram_".length));
  expect(file).toContain(record.sha256);
  expect((await stat(path.join(dir, TOKENS_FILE))).mode & 0o777).toBe(0o600);
  expect(await store.verify(token)).toEqual({ tokenId: record.id, userId: "alice", scopes: ["read"] });
});

test("verify rejects other tokens; revoke takes effect for another instance reading the same folder", async () => {
  const writer = new TokenStore(dir);
  const reader = new TokenStore(dir);
  const alice = await writer.create({ userId: "alice" });
  const bob = await writer.create({ userId: "bob" });
  expect((await reader.verify(bob.token))?.userId).toBe("bob");
  expect(await reader.verify(`${alice.token}x`)).toBeUndefined();
  expect(await reader.verify("")).toBeUndefined();
  expect(await writer.revoke(alice.record.id)).toBe(true);
  expect(await writer.revoke(alice.record.id)).toBe(false);
  expect(await reader.verify(alice.token)).toBeUndefined();
  expect((await reader.verify(bob.token))?.userId).toBe("bob");
});

test("create refuses a bad user id or scope with a ValidationError", async () => {
  const store = new TokenStore(dir);
  await expect(store.create({ userId: "" })).rejects.toMatchObject({ name: "ValidationError" });
  await expect(store.create({ userId: "a", scopes: ["root" as never] })).rejects.toMatchObject({ name: "ValidationError" });
});
