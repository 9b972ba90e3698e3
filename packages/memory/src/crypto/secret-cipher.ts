import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { writeFileOnce } from "../fs/write-file-once";
import { ValidationError } from "../errors/engram-error";

/** Key length of AES-256, bytes. */
export const SECRET_KEY_BYTES = 32;
/** GCM nonce length, bytes (NIST SP 800-38D recommends 96 bits). */
const IV_BYTES = 12;
const PREFIX = "enc:v1:";
const SEALED_PATTERN = /^enc:v1:[A-Za-z0-9+/]+=*:[A-Za-z0-9+/]+=*:[A-Za-z0-9+/]*=*$/;

/**
 * Where the 32-byte AES-256 key comes from: the key itself (32 raw bytes, or 64 hex characters,
 * or base64 of 32 bytes), or a function returning one (called once, on first use).
 */
export type SecretKeyInput = string | Uint8Array | (() => string | Uint8Array | Promise<string | Uint8Array>);

/**
 * Encrypts and decrypts values with AES-256-GCM (node:crypto). A sealed value is the string
 * `enc:v1:<iv>:<tag>:<ciphertext>`, each part base64: a random 96-bit IV per value and GCM's
 * 128-bit authentication tag, so a changed or truncated value fails to open.
 *
 * The key is resolved lazily, on the first seal or open, so a store that never holds a secret
 * never creates a key file.
 *
 * @example
 * const cipher = new SecretCipher(keyFileProvider("./.engram/secret.key"));
 * const sealed = await cipher.seal("sk-live-..."); // "enc:v1:..."
 * await cipher.open(sealed); // "sk-live-..."
 */
export class SecretCipher {
  private key: Promise<Buffer> | undefined;

  /**
   * @param options.checkKey called once with the resolved key's {@link keyFingerprint} before the
   *   key is first used; throwing refuses the key (e.g. the store was sealed with another one).
   */
  constructor(
    private readonly source: SecretKeyInput,
    private readonly options: { checkKey?: (fingerprint: string) => Promise<void> } = {},
  ) {}

  /** A cipher with the same key source whose key must pass `checkKey` before first use. */
  withKeyCheck(checkKey: (fingerprint: string) => Promise<void>): SecretCipher {
    return new SecretCipher(this.source, { checkKey });
  }

  /** True when `value` has the shape of a sealed value (`enc:v1:...`). */
  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX) && SEALED_PATTERN.test(value);
  }

  /**
   * Encrypts `plaintext`. A value this cipher sealed itself (GCM's tag verifies under this key) is
   * returned as it is, so rows read back and written again are not sealed twice; a value that only
   * has the shape of one (`enc:v1:...` typed by a user) is sealed like any other.
   *
   * @throws ValidationError when the key is not 32 bytes.
   */
  async seal(plaintext: string): Promise<string> {
    const key = await this.resolveKey();
    if (SecretCipher.isSealed(plaintext) && decrypt(key, plaintext) !== undefined) return plaintext;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return `${PREFIX}${iv.toString("base64")}:${cipher.getAuthTag().toString("base64")}:${ciphertext.toString("base64")}`;
  }

  /**
   * Decrypts a sealed value; a value that is not sealed is returned as it is.
   *
   * @throws ValidationError when the value was sealed with another key or was altered.
   */
  async open(value: string): Promise<string> {
    if (!SecretCipher.isSealed(value)) return value;
    const opened = decrypt(await this.resolveKey(), value);
    if (opened === undefined) throw new ValidationError("cannot decrypt a sealed secret: wrong secret key, or the value was altered");
    return opened;
  }

  private resolveKey(): Promise<Buffer> {
    this.key ??= (async () => {
      const key = parseSecretKey(typeof this.source === "function" ? await this.source() : this.source);
      await this.options.checkKey?.(keyFingerprint(key));
      return key;
    })();
    // A refused key is asked for again next time (the check may name a fix the user applies).
    this.key.catch(() => (this.key = undefined));
    return this.key;
  }
}

/** The plaintext of a sealed value, or undefined when its GCM tag does not verify under `key`. */
function decrypt(key: Buffer, value: string): string | undefined {
  const [ivText, tagText, ciphertextText] = value.slice(PREFIX.length).split(":") as [string, string, string];
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(ivText, "base64"));
    decipher.setAuthTag(Buffer.from(tagText, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertextText, "base64")), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}

/**
 * A key's fingerprint: HMAC-SHA256 of a fixed label under the key, first 16 bytes, hex. Safe to
 * store beside the data: it identifies the key without revealing it.
 */
export function keyFingerprint(key: Uint8Array): string {
  return createHmac("sha256", key).update("engram secret key fingerprint v1").digest("hex").slice(0, 32);
}

/**
 * Reads a key: 32 raw bytes, 64 hex characters, or base64 (or base64url) of 32 bytes.
 *
 * @throws ValidationError for anything else.
 */
export function parseSecretKey(input: string | Uint8Array): Buffer {
  if (typeof input !== "string") {
    if (input.length !== SECRET_KEY_BYTES) throw new ValidationError(`secret key must be ${SECRET_KEY_BYTES} bytes, got ${input.length}`);
    return Buffer.from(input);
  }
  const text = input.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, "hex");
  if (/^[A-Za-z0-9+/_-]+=*$/.test(text)) {
    const bytes = Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.length === SECRET_KEY_BYTES) return bytes;
  }
  throw new ValidationError(`secret key must be ${SECRET_KEY_BYTES} bytes as 64 hex characters or base64`, { location: "secretKey" });
}

/**
 * A key provider backed by a file: reads the key (base64) from `file`, or, when the file does not
 * exist, creates it with a fresh random key and mode 0600 (owner read/write only). Creation is
 * atomic and race-safe: the key is written to a temporary file first and hard-linked into place,
 * so two processes starting at once agree on one key and a crash never leaves a half-written key.
 *
 * @param options.create asked before a missing file is created; false refuses with a ValidationError
 *   naming the fix (the store already holds values sealed with another key). @default always create
 * @throws ValidationError when the file holds something that is not a key, or may not be created.
 */
export function keyFileProvider(file: string, options: { create?: () => Promise<boolean> } = {}): () => Promise<Buffer> {
  return async () => {
    const existing = await readKeyFile(file);
    if (existing) return existing;
    if (options.create && !(await options.create())) {
      throw new ValidationError(
        `secret key file ${file} is missing, but this store holds values sealed with a key: restore the original ${path.basename(file)} (or set ENGRAM_SECRET_KEY / Engram.open({ secretKey }) to that key); a new key would make them unreadable`,
        { location: file },
      );
    }
    await fs.mkdir(path.dirname(file), { recursive: true });
    await writeFileOnce(file, `${randomBytes(SECRET_KEY_BYTES).toString("base64")}\n`, 0o600);
    const created = await readKeyFile(file);
    if (!created) throw new ValidationError(`secret key file ${file} could not be created`);
    return created;
  };
}

async function readKeyFile(file: string): Promise<Buffer | null> {
  try {
    return parseSecretKey(await fs.readFile(file, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    if (ValidationError.isInstance(error)) throw new ValidationError(`secret key file ${file} does not hold a 32-byte key`, { location: file, cause: error });
    throw error;
  }
}
