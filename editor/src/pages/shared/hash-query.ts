/** The query part of the hash URL (`#/records/rec_1?saved=1` → `saved=1`), which the router ignores. */
export function hashQuery(): URLSearchParams {
  const hash = typeof window === 'undefined' ? '' : window.location.hash;
  const i = hash.indexOf('?');
  return new URLSearchParams(i >= 0 ? hash.slice(i + 1) : '');
}
