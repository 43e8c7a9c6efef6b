/** `items` as one regex alternation matching any of them literally, longest first so no item is cut short by a prefix. */
export function literalAlternation(items: Iterable<string>): string {
  return [...items].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
