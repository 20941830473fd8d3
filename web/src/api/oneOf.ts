/**
 * Narrows text (a stored column, a <select>'s value) to one of a generated enum's values, e.g.
 * `oneOf(modelStatusValues, model.status, 'inactive')`; anything else is the fallback.
 */
export function oneOf<T extends string>(values: readonly T[], value: string | null | undefined, fallback: T): T {
  return values.find((candidate) => candidate === value) ?? fallback;
}
