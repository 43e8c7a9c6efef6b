/** A sort order as a list of keys, each ascending (1) or descending (-1): what keyset pagination pages by. */
export type SortDirection = 1 | -1;
export type SortOrder<K extends string> = ReadonlyArray<readonly [K, SortDirection]>;

/**
 * Everything strictly after `position` in `order`: (k1 > v1) OR (k1 = v1 AND k2 > v2) OR …, with > read as < for
 * descending keys. As a filter's `$or`, the next page starts right after the last item of the previous one, so items
 * that change between pages neither shift the others nor appear twice.
 */
export function strictlyAfter<K extends string>(order: SortOrder<K>, position: Record<K, unknown>): Array<Record<string, unknown>> {
  return order.map(([key, direction], index) => {
    const clause: Record<string, unknown> = {};
    for (const [equalKey] of order.slice(0, index)) clause[equalKey] = { $eq: position[equalKey] };
    clause[key] = { [direction === 1 ? '$gt' : '$lt']: position[key] };
    return clause;
  });
}
