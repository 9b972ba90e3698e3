import { randomBytes } from "node:crypto";
import * as fs from "node:fs/promises";

/**
 * Creates `file` with `content` atomically and at most once, even with several processes racing:
 * the content goes to a temporary file that is then hard-linked into place, which fails if
 * another process linked first. A crash never leaves a half-written file.
 *
 * @param mode file permissions of a new file, e.g. `0o600`. @default 0o666 less the umask
 * @returns true when this call created the file, false when it already existed.
 */
export async function writeFileOnce(file: string, content: string, mode?: number): Promise<boolean> {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  await fs.writeFile(temporary, content, { flag: "wx", ...(mode === undefined ? {} : { mode }) });
  try {
    await fs.link(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return false;
  } finally {
    await fs.rm(temporary, { force: true });
  }
}
