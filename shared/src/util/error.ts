/** Narrows an unknown thrown value to an Error without losing non-Error throws. */
export function asError(e: unknown): Error {
  if (e instanceof Error) return e;
  return new Error(typeof e === 'string' ? e : JSON.stringify(e));
}

/** Thrown when an exhaustive switch meets a value its types say cannot exist. */
export class UnreachableCheck extends Error {
  constructor(value: never) {
    super(`Unreachable value: ${JSON.stringify(value)}`);
  }
}
