/**
 * Expected failures are values, not exceptions (DESIGN §7): a rule that refuses, a form that does
 * not validate, a state that forbids an action. Bugs still throw.
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E = DomainError> = Ok<T> | Err<E>;

/** An expected failure: a stable machine code and a Vietnamese message fit to show a user. */
export type DomainError = { readonly code: string; readonly message: string };

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });
/**
 * A refusal of one operation: its code is one of the operation's own union (so callers can switch
 * on it exhaustively), its message is shown to the user, and `field`, when given, names the form
 * field it belongs next to.
 */
export type Refusal<C extends string = string> = {
  readonly code: C;
  readonly message: string;
  readonly field?: string;
};

/** A refusal tied to a form field (a duplicate code, an unknown commune). */
export type FieldError<C extends string = string> = Refusal<C> & { readonly field?: string };

export function fail<C extends string>(code: C, message: string, field?: string): Err<Refusal<C>> {
  return err(field === undefined ? { code, message } : { code, message, field });
}

/**
 * The value of a Result the caller has already made sure cannot fail (e.g. codes checked unique by
 * the scenario's own validation). A failure here is a bug, so it throws.
 */
export function expectOk<T>(result: Result<T, unknown>): T {
  if (!result.ok) throw new Error(`unexpected refusal: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** The same Result with its success value replaced (e.g. a repo update that returns nothing). */
export function mapOk<T, U, E>(result: Result<T, E>, f: (value: T) => U): Result<U, E> {
  return result.ok ? { ok: true, value: f(result.value) } : result;
}
