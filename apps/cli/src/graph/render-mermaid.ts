import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { NotConfiguredError } from "@engram/memory";

/** Image formats a Mermaid renderer can write. */
export type MermaidImageFormat = "png" | "svg";

/** The Mermaid CLI's command name (package @mermaid-js/mermaid-cli). */
export const MERMAID_RENDERER = "mmdc";

/** The first executable `name` on `searchPath` (a PATH value), or undefined. */
export function findExecutable(name: string, searchPath: string | undefined): string | undefined {
  for (const dir of (searchPath ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Renders a Mermaid diagram to `outFile` with the Mermaid CLI found on `searchPath`. Nothing is
 * downloaded: without a local renderer this fails with a hint.
 *
 * @throws NotConfiguredError when `mmdc` is not on the path, or when it fails.
 */
export async function renderMermaid(mermaid: string, outFile: string, searchPath: string | undefined): Promise<void> {
  const renderer = findExecutable(MERMAID_RENDERER, searchPath);
  if (renderer === undefined) {
    throw new NotConfiguredError(
      "mermaid renderer",
      `${path.extname(outFile).slice(1) || "image"} output needs the Mermaid CLI (${MERMAID_RENDERER}) on PATH, e.g. npm i -g @mermaid-js/mermaid-cli; ` +
        "or print the diagram with --format mermaid and render it in any Mermaid viewer",
    );
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "engram-graph-"));
  try {
    const input = path.join(dir, "graph.mmd");
    await writeFile(input, mermaid, "utf8");
    const { code, stderr } = await run(renderer, ["-i", input, "-o", outFile]);
    if (code !== 0) throw new NotConfiguredError("mermaid renderer", `${MERMAID_RENDERER} exited with code ${code}: ${stderr.trim().split("\n").at(-1) ?? ""}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}
