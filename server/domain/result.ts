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
export const fail = (code: string, message: string): Err<DomainError> => err({ code, message });
