// Fetch JSON from the API; errors carry the server's message.

export class ApiError extends Error {}

export async function getJSON(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") query.set(k, v);
  const url = query.toString() ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { accept: "application/json" } });
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  if (!response.ok) throw new ApiError(body?.error?.message ?? `${response.status} ${response.statusText}`);
  return body;
}

export const FILTER_KEYS = ["actor", "dyad", "country", "root", "plover", "since", "until", "q"];

/** The event filters present in URL parameters, as an object. */
export function filtersOf(params) {
  const out = {};
  for (const key of FILTER_KEYS) if (params.get(key)) out[key] = params.get(key);
  return out;
}
