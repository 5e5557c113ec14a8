/** Calls to the audionews JSON API; every failure becomes an Error whose message a user can act on. */

export const NETWORK_ERROR = "The audionews server could not be reached. Check that it is running, then try again.";

/** fetch() that returns the parsed JSON body (or null for 204) and throws Error(server's message) on 4xx/5xx. */
export async function request(url, options = {}) {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" }, ...options });
  } catch {
    throw new Error(NETWORK_ERROR);
  }
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") || "";
  const body = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const message = body && body.error ? body.error : `The server answered ${response.status} ${response.statusText}.`;
    throw new Error(message);
  }
  return body;
}

export function sendJson(url, method, data, extra = {}) {
  return request(url, {
    method,
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(data),
    ...extra,
  });
}
