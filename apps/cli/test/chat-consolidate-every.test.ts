import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { Consolidator, type ConsolidateResult } from "@engram/memory";
import type { CliContext } from "../src/cli-context";
import { parseConsolidateEvery } from "../src/commands/chat";
import { readCliConfig } from "../src/config";
import { openEngram } from "../src/open-engram";

function context(env: NodeJS.ProcessEnv): { context: CliContext; stderr: () => string } {
  const stderr = new PassThrough();
  let written = "";
  stderr.on("data", (chunk: Buffer) => (written += chunk.toString("utf8")));
  const config = readCliConfig(env, tmpdir());
  return { context: { stdout: new PassThrough(), stderr, stdin: new PassThrough(), config: () => config, verbose: false }, stderr: () => written };
}

const message = (index: number) => ({ id: `m${index}`, role: "user" as const, speaker: "Ada", content: `I went hiking on trail number ${index} today.`, timestamp: new Date(Date.UTC(2024, 5, 1, 10, index)).toISOString(), session_id: "s1" });

describe("engram chat --consolidate-every", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "engram-chat-consolidate-"));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it("reads ENGRAM_CONSOLIDATE_EVERY (default 0) and checks --consolidate-every", () => {
    expect(readCliConfig({}, "/work").consolidateEvery).toBe(0);
    expect(readCliConfig({ ENGRAM_CONSOLIDATE_EVERY: "25" }, "/work").consolidateEvery).toBe(25);
    expect(() => readCliConfig({ ENGRAM_CONSOLIDATE_EVERY: "-1" }, "/work")).toThrow("ENGRAM_CONSOLIDATE_EVERY");
    expect(parseConsolidateEvery("3")).toBe(3);
    expect(parseConsolidateEvery("0")).toBe(0);
    expect(() => parseConsolidateEvery("two")).toThrow(expect.objectContaining({ name: "ValidationError", message: expect.stringContaining("--consolidate-every") }));
  });

  it("opens the chat's Engram with background passes every N messages, and logs a failed pass to stderr", async () => {
    const passes: (string | undefined)[] = [];
    jest.spyOn(Consolidator.prototype, "consolidate").mockImplementation(async (options) => {
      passes.push(options?.user);
      if (passes.length === 2) throw new Error("disk on fire");
      return {} as ConsolidateResult;
    });
    const { context: cli, stderr } = context({ ENGRAM_CONSOLIDATE_EVERY: "2" });
    const engram = await openEngram(cli, dir, { consolidateEvery: cli.config().consolidateEvery });
    await engram.add([message(0)], { user_id: "ada" });
    expect(passes).toEqual([]);
    await engram.add([message(1)], { user_id: "ada" });
    await engram.add([message(2), message(3)], { user_id: "ada" });
    await engram.close();
    expect(passes).toEqual(["ada", "ada"]);
    expect(stderr()).toContain("warning: background consolidation of user ada failed: disk on fire");
  });

  it("runs no background pass without the option", async () => {
    const consolidate = jest.spyOn(Consolidator.prototype, "consolidate");
    const { context: cli } = context({});
    const engram = await openEngram(cli, dir);
    await engram.add([message(0), message(1), message(2)], { user_id: "ada" });
    await engram.close();
    expect(consolidate).not.toHaveBeenCalled();
  });
});
