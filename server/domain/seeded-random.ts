/**
 * mulberry32: a tiny seeded generator of numbers in [0, 1). The same seed gives the same sequence on
 * every run and machine, which is all its users need: invented sample residents, a generated district,
 * the crash test's kill moments, the fuzz test's requests. Never for anything secret (keys, ticket ids
 * and slot draws use the platform's cryptographic generator).
 *
 * @param seed any number; only its low 32 bits are used
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
