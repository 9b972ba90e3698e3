import { mkdir } from "node:fs/promises";
import { createEmbedder, Engram, StoreError } from "@engram/memory";
import { eprintln, type CliContext } from "./cli-context";
import { toEmbedderConfig } from "./embedder-config";

/**
 * Opens (creating if missing) the Engram database in `dbPath` with the configured embedder and a
 * logger that writes to stderr. Close it with `engram.close()`.
 *
 * @throws NotConfiguredError when the configured embedder is not available.
 * @throws StoreError when the folder cannot be opened or was built with another embedder.
 */
export async function openEngram(context: CliContext, dbPath: string): Promise<Engram> {
  const config = context.config();
  const embedder = createEmbedder(toEmbedderConfig(config));
  try {
    await mkdir(dbPath, { recursive: true });
  } catch (error) {
    throw new StoreError(`cannot create the database folder ${dbPath}: ${(error as Error).message}`, { storeName: "*", cause: error });
  }
  return Engram.open({
    path: dbPath,
    embedder,
    ...(config.secretKey === undefined ? {} : { secretKey: config.secretKey }),
    logger: {
      warn: (message: string) => eprintln(context, `warning: ${message}`),
      info: (message: string) => {
        if (context.verbose) eprintln(context, message);
      },
    },
  });
}

/** Opens the database, runs `work` and closes the database, also when `work` throws. */
export async function withEngram<T>(context: CliContext, dbPath: string, work: (engram: Engram) => Promise<T>): Promise<T> {
  const engram = await openEngram(context, dbPath);
  try {
    return await work(engram);
  } finally {
    await engram.close();
  }
}
