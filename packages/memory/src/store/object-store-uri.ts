/** URI schemes of the object stores LanceDB writes to (Amazon S3 and compatible servers, Google Cloud Storage, Azure Blob Storage). */
export const OBJECT_STORE_SCHEMES = ["s3", "s3+ddb", "gs", "az"] as const;

/**
 * True when `path` is an object-store URI LanceDB opens (`s3://bucket/prefix`, `gs://...`,
 * `az://...`) rather than a local folder.
 */
export function isObjectStoreUri(path: string): boolean {
  const match = /^([a-z0-9+]+):\/\/[^/]+/i.exec(path);
  return match !== null && (OBJECT_STORE_SCHEMES as readonly string[]).includes(match[1]!.toLowerCase());
}
