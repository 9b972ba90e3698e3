import { chmod, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { makeTempDir, removeTempDir, runCli } from "./helpers/run-cli";

/** `engram graph`: the graphs LangGraph Studio shows, drawn offline with LangGraph's drawMermaid. */
describe("engram graph", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await makeTempDir();
  });

  afterAll(() => removeTempDir(dir));

  it("prints the ingest graph as Mermaid: the meta-manager routing to all six memory agents", async () => {
    const run = await runCli(["graph", "ingest", "--format", "mermaid"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^%%\{init:.*%%\ngraph TD;/);
    for (const agent of ["coreAgent", "episodicAgent", "semanticAgent", "proceduralAgent", "resourceAgent", "knowledgeVaultAgent"]) {
      expect(run.stdout).toContain(`metaManager -.-> ${agent};`);
      expect(run.stdout).toContain(`${agent} --> finish;`);
    }
    expect(run.stdout).toContain("normalize --> metaManager;");
  });

  it("prints every graph by default, with the design's node names", async () => {
    const run = await runCli(["graph"]);
    expect(run.code).toBe(0);
    expect(run.stdout.match(/^%% Engram (\w+) graph$/gm)).toEqual(["%% Engram ingest graph", "%% Engram recall graph", "%% Engram consolidate graph", "%% Engram chat graph"]);
    for (const edge of ["load --> merge;", "merge --> promote;", "summarize --> reflect;", "reflect --> archive;", "archive --> apply;", "activeRetrieval --> search;", "search --> fuse;", "fuse --> pack;", "recall --> answer;", "answer --> ingest;", "ingest --> shortTermMemory;"]) {
      expect(run.stdout).toContain(edge);
    }
  });

  it("writes Mermaid to --out", async () => {
    const out = path.join(dir, "recall.mmd");
    const run = await runCli(["graph", "recall", "--out", out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(await readFile(out, "utf8")).toContain("activeRetrieval --> search;");
  });

  it("renders svg with a Mermaid CLI found on PATH", async () => {
    const fake = path.join(dir, "mmdc");
    // A stand-in for @mermaid-js/mermaid-cli: `mmdc -i <in> -o <out>` copies the diagram.
    await writeFile(fake, '#!/bin/sh\ncp "$2" "$4"\n', "utf8");
    await chmod(fake, 0o755);
    const out = path.join(dir, "chat.svg");
    const run = await runCli(["graph", "chat", "--format", "svg", "--out", out], { env: { PATH: `${dir}${path.delimiter}${process.env.PATH ?? ""}` } });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(`wrote ${out}`);
    expect(await readFile(out, "utf8")).toContain("recall --> answer;");
  });

  it("explains how to render png or svg when no renderer is installed (exit code 5)", async () => {
    const run = await runCli(["graph", "ingest", "--format", "png", "--out", path.join(dir, "x.png")], { env: { PATH: `${dir}-nothing-here` } });
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/^engram: NotConfiguredError: mermaid renderer: png output needs the Mermaid CLI \(mmdc\) on PATH/);
    expect(run.stderr).toMatch(/--format mermaid/);
  });

  it("rejects an unknown graph or format with exit code 2", async () => {
    expect((await runCli(["graph", "nope"])).code).toBe(2);
    const format = await runCli(["graph", "ingest", "--format", "pdf"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/unknown graph format "pdf"/);
  });
});
