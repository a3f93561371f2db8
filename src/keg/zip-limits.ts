/** Limits a `.keg` zip must stay within before anything is extracted. */
export interface ZipLimits {
  /** Most entries (files and folders) in the central directory. */
  readonly maxEntries: number;
  /** Most bytes after decompression, summed over all entries (declared and actual). */
  readonly maxUncompressedBytes: number;
}

/** 10,000 entries and 256 MiB uncompressed. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = Object.freeze({
  maxEntries: 10_000,
  maxUncompressedBytes: 256 * 1024 * 1024,
});
