/** FNV-1a, 32 bits: a fast, stable, non-cryptographic hash (pod-template hashes, resync slices). */
const fnvOffset = 0x811c9dc5;
const fnvPrime = 0x01000193;

/** FNV-1a, 32 bits, continuing from `hash`. */
export function fnv32a(bytes: Uint8Array, hash = fnvOffset): number {
  let h = hash;
  for (const b of bytes) h = Math.imul(h ^ b, fnvPrime) >>> 0;
  return h >>> 0;
}
