import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * Total size in bytes of the regular files under `path`, walked recursively (symbolic links are
 * not followed). Apparent sizes (`stat.size`), not allocated blocks. 0 when `path` is missing.
 */
export async function directoryBytes(path: string): Promise<number> {
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(path);
  } catch {
    return 0;
  }
  if (info.isFile()) return info.size;
  if (!info.isDirectory()) return 0;
  let total = 0;
  for (const entry of await readdir(path)) total += await directoryBytes(join(path, entry));
  return total;
}
