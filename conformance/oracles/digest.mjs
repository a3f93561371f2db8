// Oracle for kegs.testing.digest's digest: 32-bit FNV-1a over the input's
// UTF-8 bytes repeated 1024 times (one running state), as 8 lowercase hex
// digits, and the number of bytes hashed. The suite's properties run with the
// default rounds (no `rounds` config).
const ROUNDS = 1024;

export default function digest(input) {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let hash = 0x811c9dc5;
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return { fnv1a: hash.toString(16).padStart(8, '0'), bytes: bytes.length * ROUNDS };
}
