/**
 * Expected failures are values, not exceptions (DESIGN §7): a rule that refuses, a form that does
 * not validate, a state that forbids an action. Bugs still throw.
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E = DomainError> = Ok<T> | Err<E>;

/**
 * An expected failure: a stable machine code and a Vietnamese message fit to show a user. An
 * operation names the codes it can refuse with (`Refusal<"not_open" | "paused">`), so a caller's
 * switch over them is checked by the compiler.
 */
export type Refusal<C extends string = string> = { readonly code: C; readonly message: string };
export type DomainError = Refusal;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });
export const fail = <C extends string>(code: C, message: string): Err<Refusal<C>> => err({ code, message });
