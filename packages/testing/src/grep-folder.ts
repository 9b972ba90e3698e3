import * as fs from "node:fs";
import * as path from "node:path";

/** Every regular file under `dir`, recursively. */
export function listFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(full));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

/**
 * The files under `dir` whose bytes contain `needle` (UTF-8), binary-safe: every file is read
 * whole as bytes, whatever its type (LanceDB data, manifests, indexes, deletion files, key file).
 */
export function grepFolder(dir: string, needle: string): string[] {
  const bytes = Buffer.from(needle, "utf8");
  return listFiles(dir).filter((file) => fs.readFileSync(file).includes(bytes));
}
