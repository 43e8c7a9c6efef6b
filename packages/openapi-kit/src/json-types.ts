/** A value's type as a client reads it after JSON.stringify: Dates become ISO strings, all the way down. */
export type JsonOf<T> = T extends Date ? string : T extends object ? { [K in keyof T]: JsonOf<T[K]> } : T;

/**
 * `true` when A and B admit the same values, else `never`: `const _: Agrees<A, B> = true` breaks the build when a
 * documented response schema and the type the code answers with drift apart, in either direction.
 */
export type Agrees<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
