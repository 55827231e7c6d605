// Who the page acts as: a bearer token, as the Kubernetes Dashboard's token sign-in. It is kept
// in sessionStorage (this tab only, gone when the tab closes), never in localStorage or a cookie,
// and sent as `Authorization: Bearer <token>` on every API call (api.js). A link may carry it in
// its fragment (`/ui/#token=<token>`, which the browser never sends to the server): the page takes
// it once and removes it from the address bar, so it is not left in the history or on screen.

const storageKey = 'orchestra.dashboard.token';
/** Where the token lives when the browser refuses sessionStorage (a private window, a policy). */
let memoryToken;

export function getToken() {
  try {
    return sessionStorage.getItem(storageKey) ?? undefined;
  } catch {
    return memoryToken;
  }
}

export function setToken(token) {
  memoryToken = token;
  try {
    sessionStorage.setItem(storageKey, token);
  } catch {
    // memoryToken serves this page's life
  }
}

export function clearToken() {
  memoryToken = undefined;
  try {
    sessionStorage.removeItem(storageKey);
  } catch {
    // nothing stored
  }
}

/**
 * A `#token=<token>` fragment: stored, and removed from the address bar (with anything else the
 * fragment said kept). Percent-decoded, but a `+` stays a `+` (a token is no form field). Returns
 * true when there was one.
 */
export function takeTokenFromFragment() {
  const parts = location.hash.replace(/^#/, '').split('&');
  const index = parts.findIndex((part) => part.startsWith('token='));
  if (index < 0) return false;
  const [part] = parts.splice(index, 1);
  let token;
  try {
    token = decodeURIComponent(part.slice('token='.length)).trim();
  } catch {
    token = part.slice('token='.length).trim();
  }
  const rest = parts.filter(Boolean).join('&');
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  if (token) setToken(token);
  return Boolean(token);
}

/** The `Authorization` header for an API call, when signed in. */
export function authHeaders() {
  const token = getToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}
