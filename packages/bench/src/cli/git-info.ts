import { execFileSync } from "node:child_process";

/** The checked-out commit and whether the working tree has uncommitted changes; nulls outside a git checkout. */
export function readGitInfo(cwd: string = process.cwd()): { commit: string | null; dirty: boolean | null } {
  const git = (args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 10_000 }).trim();
  try {
    const commit = git(["rev-parse", "HEAD"]);
    let dirty: boolean | null = null;
    try {
      dirty = git(["status", "--porcelain", "--untracked-files=no"]).length > 0;
    } catch {
      dirty = null;
    }
    return { commit, dirty };
  } catch {
    return { commit: null, dirty: null };
  }
}
