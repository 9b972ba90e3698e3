import * as path from "node:path";
import { keyFileProvider, SecretCipher } from "../crypto/secret-cipher";
import { StoreError, ValidationError } from "../errors/engram-error";
import { isObjectStoreUri } from "./object-store-uri";
import { readManifest, recordKeyFingerprint } from "./store-manifest";

/** Default key file of the store's {@link SecretCipher}, in the store folder. */
export const SECRET_KEY_FILE = "secret.key";

/** The store manifest, in the store folder. */
export const MANIFEST_FILE = "engram.json";

/**
 * The cipher of a store folder, bound to the store's key: `options.cipher`, else a key file
 * `<path>/secret.key` (created with mode 0600 only while the manifest records no key yet). On its
 * first use the key's fingerprint is recorded in the manifest (`keyFingerprint`); a later key with
 * another fingerprint (a wrong `ENGRAM_SECRET_KEY`, a deleted and re-created key file) is refused,
 * so one store never mixes keys.
 *
 * An object-store URI keeps no key file and no manifest: it needs `options.cipher`, used as given.
 *
 * @throws ValidationError (on first use) when the key is not the one the store was sealed with.
 * @throws StoreError for an object-store URI without `options.cipher`.
 */
export function openStoreCipher(options: { path: string; cipher?: SecretCipher }): SecretCipher {
  if (isObjectStoreUri(options.path)) {
    if (options.cipher) return options.cipher;
    throw new StoreError(`store ${options.path} is in object storage, where no key file is kept: give a secret key`, { storeName: SECRET_KEY_FILE });
  }
  const manifestPath = path.join(options.path, MANIFEST_FILE);
  const keyFile = path.join(options.path, SECRET_KEY_FILE);
  const base = options.cipher ?? new SecretCipher(keyFileProvider(keyFile, { create: async () => (await readManifest(manifestPath))?.keyFingerprint === undefined }));
  return base.withKeyCheck(async (fingerprint) => {
    const recorded = await recordKeyFingerprint(manifestPath, fingerprint);
    if (recorded !== fingerprint) {
      throw new ValidationError(
        `store ${options.path} was sealed with a different secret key (fingerprint ${recorded.slice(0, 8)}…, this key ${fingerprint.slice(0, 8)}…): use the original key (ENGRAM_SECRET_KEY / Engram.open({ secretKey }) or ${keyFile}); mixing keys would make sealed values unreadable`,
        { location: "secretKey" },
      );
    }
  });
}
