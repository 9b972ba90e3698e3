import { readFileSync } from "node:fs";
import path from "node:path";
import type { Env, Hono } from "hono";

/** The memory browser's files, shipped in the package's `public/` folder. */
export const PUBLIC_DIR = path.resolve(__dirname, "../../public");

const ASSETS: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/app.css": { file: "app.css", type: "text/css; charset=utf-8" },
};

/** A strict Content-Security-Policy: the page loads only its own files and calls only its own API. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Serves the memory browser (`/`, `/app.js`, `/app.css`) from a fixed list of files, read once,
 * with a strict CSP. No other path of the folder can be requested.
 */
export function registerStaticAssets<E extends Env>(app: Hono<E>, publicDir = PUBLIC_DIR): void {
  for (const [route, asset] of Object.entries(ASSETS)) {
    let body: string | undefined;
    app.get(route, (c) => {
      body ??= readFileSync(path.join(publicDir, asset.file), "utf8");
      return c.body(body, 200, { "content-type": asset.type, "content-security-policy": CSP, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "cache-control": "no-cache" });
    });
  }
}
