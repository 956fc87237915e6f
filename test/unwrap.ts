import type { Result } from "../server/domain/result.ts";

/** The value of a Result a test expects to succeed; a refusal fails the test with its error. */
export function unwrap<T>(result: Result<T, unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}
