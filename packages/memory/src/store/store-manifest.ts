import * as fs from "node:fs/promises";
import type * as lancedb from "@lancedb/lancedb";
import { withStoreRetry, type StoreRetryOptions } from "./retry";

/** `engram.json` in a store folder: the embedder the store was built with. */
export interface StoreManifest {
  format: 1;
  embedderId: string;
  dimensions: number;
}

/**
 * Writes the manifest atomically and race-safely: to a temporary file, then hard-linked into
 * place (fails if another process linked first). A crash never leaves a half-written manifest.
 *
 * @returns the manifest in place afterwards (ours, or the one another process wrote first).
 */
export async function createManifest(file: string, manifest: StoreManifest): Promise<StoreManifest> {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(temporary, JSON.stringify(manifest, null, 2), { flag: "wx" });
  try {
    await fs.link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await fs.rm(temporary, { force: true });
  }
  return (await readManifest(file)) ?? manifest;
}

/** Adds columns newer versions added to a table created by an older one (`messages.sealed_content`). */
export async function addMissingColumns(messages: lancedb.Table, retry: StoreRetryOptions | undefined): Promise<void> {
  const schema = await messages.schema();
  if (schema.fields.some((field) => field.name === "sealed_content")) return;
  await withStoreRetry(() => messages.addColumns([{ name: "sealed_content", valueSql: "CAST(NULL AS STRING)" }]), retry);
}

/** The manifest in `file`, or null when there is none. */
export async function readManifest(file: string): Promise<StoreManifest | null> {
  try {
    return JSON.parse(await fs.readFile(file, "utf8")) as StoreManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
