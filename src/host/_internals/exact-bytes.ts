// @extism/extism 1.0.3 stores a Uint8Array by adopting its whole underlying
// ArrayBuffer, so a view into a larger buffer (Buffer pool, subarray, a
// structured clone of either) would hand the guest extra bytes.
export function exactBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes;
  }
  return new Uint8Array(bytes);
}
