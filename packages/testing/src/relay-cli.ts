import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { createRelayHandler } from "./openai-relay";
import { startOpenAiStub } from "./openai-stub-server";

/**
 * `pnpm stub:relay --dir <dir> [--port <p>] [--timeout <ms>]`: an OpenAI-compatible server on
 * 127.0.0.1 that writes every chat request to `<dir>/<n>.request.json` and replies with
 * `<dir>/<n>.answer.json` once someone writes it (see `createRelayHandler`). Embeddings are the
 * stub's deterministic hash vectors. Stops on Ctrl-C.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { dir: { type: "string" }, port: { type: "string", default: "8787" }, timeout: { type: "string", default: "0" }, quiet: { type: "boolean", default: false } },
  });
  const port = Number(values.port);
  const timeoutMs = Number(values.timeout);
  if (!values.dir || !Number.isInteger(port) || port < 0 || !Number.isInteger(timeoutMs) || timeoutMs < 0) {
    process.stderr.write("usage: pnpm stub:relay --dir <dir> [--port <port, default 8787>] [--timeout <ms, default 0: wait forever>] [--quiet]\n");
    process.exitCode = 2;
    return;
  }
  const dir = resolve(values.dir);
  const onRequest = values.quiet ? undefined : (file: string) => process.stdout.write(`request: ${file}\n`);
  const stub = await startOpenAiStub({ port, chat: createRelayHandler({ dir, timeoutMs, ...(onRequest ? { onRequest } : {}) }), model: "relay" });
  process.stdout.write(`relay listening: OPENAI_BASE_URL=${stub.baseURL}\nrequests in ${dir}: answer <n>.request.json with <n>.answer.json\n`);
  process.once("SIGINT", () => void stub.close().then(() => process.exit(130)));
  process.once("SIGTERM", () => void stub.close().then(() => process.exit(143)));
}

void main();
