/**
 * A per-key queue: attempts that check a limit, then do slow work (a password hash, a key unsealing)
 * and only then count a failure must not run in parallel for the same key, or N parallel guesses
 * would all pass the check before the first failure is counted. Process-local: one server process.
 */
const queue = new Map<string, Promise<void>>();

/** Runs fn after any earlier call with the same key has finished (in this process). */
export async function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = queue.get(key) ?? Promise.resolve();
  let release: () => void = () => {};
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => mine);
  queue.set(key, tail);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (queue.get(key) === tail) queue.delete(key);
  }
}
