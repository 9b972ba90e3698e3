import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Engram } from "@engram/memory";
import { startServer, TokenStore, type RunningServer } from "../../src";

/** A real server on a free port over a real store in a temp folder, with tokens for alice, bob and an admin. */
export interface TestServer {
  server: RunningServer;
  engram: Engram;
  dir: string;
  tokens: { alice: string; bob: string; admin: string; aliceReadOnly: string };
  /** `fetch` against the server with a bearer token (or none). */
  call(pathname: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/** Starts {@link TestServer}. `maxBodyBytes` as in `startServer`. */
export async function startTestServer(options: { maxBodyBytes?: number; dir?: string } = {}): Promise<TestServer> {
  const dir = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), "engram-server-")));
  const engram = await Engram.open({ path: dir });
  const store = new TokenStore(dir);
  const tokens = {
    alice: (await store.create({ userId: "alice", name: "alice laptop" })).token,
    bob: (await store.create({ userId: "bob" })).token,
    admin: (await store.create({ userId: "ops", scopes: ["admin"] })).token,
    aliceReadOnly: (await store.create({ userId: "alice", scopes: ["read"] })).token,
  };
  const server = await startServer({ engram, tokens: store, port: 0, maxBodyBytes: options.maxBodyBytes });
  return {
    server,
    engram,
    dir,
    tokens,
    call: (pathname, init = {}) => {
      const { token, json, headers, ...rest } = init;
      return fetch(`${server.url}${pathname}`, {
        ...rest,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(json === undefined ? {} : { "content-type": "application/json" }), ...(headers as Record<string, string>) },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
    },
    close: async () => {
      await server.close();
      await engram.close();
      if (options.dir === undefined) await rm(dir, { recursive: true, force: true });
    },
  };
}
