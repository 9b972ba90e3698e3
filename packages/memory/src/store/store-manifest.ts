import * as fs from "node:fs/promises";
import { writeFileOnce } from "../fs/write-file-once";

/**
 * Version of the table layout (3: messages carry `processed_at`, `error` and `sealed_content`; 4:
 * messages carry `echoes_memory`, episodic items `occurred_precision` and `occurred_end`; 5: every
 * memory item carries `archived_at`); a store
 * of another version is refused with a clear error.
 */
export const STORE_FORMAT = 5;

/** `engram.json` in a store folder: the table layout and the embedder the store was built with. */
export interface StoreManifest {
  format: number;
  embedderId: string;
  dimensions: number;
  /**
   * Fingerprint (`keyFingerprint`) of the secret key the store's sealed values use, recorded when
   * the key is first used; absent until then (and in stores made before it was recorded).
   */
  keyFingerprint?: string;
}

/**
 * Records `fingerprint` in the manifest `file` if it has none (atomic: temporary file, then rename),
 * and returns the fingerprint the manifest holds afterwards.
 */
export async function recordKeyFingerprint(file: string, fingerprint: string): Promise<string> {
  const manifest = await readManifest(file);
  if (!manifest) throw new Error(`store manifest ${file} is missing`);
  if (manifest.keyFingerprint !== undefined) return manifest.keyFingerprint;
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(temporary, JSON.stringify({ ...manifest, keyFingerprint: fingerprint }, null, 2));
  await fs.rename(temporary, file);
  return fingerprint;
}

/**
 * Writes the manifest atomically and race-safely: to a temporary file, then hard-linked into
 * place (fails if another process linked first). A crash never leaves a half-written manifest.
 *
 * @returns the manifest in place afterwards (ours, or the one another process wrote first).
 */
export async function createManifest(file: string, manifest: StoreManifest): Promise<StoreManifest> {
  await writeFileOnce(file, JSON.stringify(manifest, null, 2));
  return (await readManifest(file)) ?? manifest;
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
