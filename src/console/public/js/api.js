// The public REST API, as any client calls it: Bearer token from POST /auth/login.
const BASE = '/api/v1';
const TOKEN = 'appeals.token';
const USER = 'appeals.user';

/** An API error: the problem+json document (RFC 9457) as the server sent it. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `Ошибка ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

// sessionStorage: a reload keeps the session, closing the tab ends it.
export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN);
  },
  get user() {
    const raw = sessionStorage.getItem(USER);
    return raw ? JSON.parse(raw) : null;
  },
  save(token, user) {
    sessionStorage.setItem(TOKEN, token);
    sessionStorage.setItem(USER, JSON.stringify(user));
  },
  setUser(user) {
    sessionStorage.setItem(USER, JSON.stringify(user));
  },
  clear() {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(USER);
  },
};

/** Called on any 401: the token expired or was revoked — back to the log-in page. */
let onUnauthorized = () => {};
export function whenUnauthorized(fn) {
  onUnauthorized = fn;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function send(method, path, { params, json, form, raw } = {}) {
  const headers = { Accept: 'application/json' };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form) {
    body = form; // the browser sets multipart/form-data with its boundary
  }
  // no-store: personal data stays out of the browser's cache, and a change that keeps the
  // appeal's ETag (a pending extension request) is not answered from a stale copy.
  const res = await fetch(BASE + path + query(params), {
    method,
    headers,
    body,
    cache: 'no-store',
  });
  if (res.status === 401 && path !== '/auth/login') {
    session.clear();
    onUnauthorized();
  }
  if (!res.ok) {
    let problem = null;
    try {
      problem = await res.json();
    } catch {
      problem = { title: `Ошибка ${res.status}` };
    }
    throw new ApiError(res.status, problem);
  }
  if (raw) return res;
  if (res.status === 204) return null;
  return res.json();
}

export const api = {
  get: (path, params) => send('GET', path, { params }),
  post: (path, json) => send('POST', path, { json: json ?? {} }),
  postForm: (path, form) => send('POST', path, { form }),
  /** A file the API serves (a PDF, a report): fetched with the token, saved from a blob. */
  async download(path, params, fallbackName) {
    const res = await send('GET', path, { params, raw: true });
    const blob = await res.blob();
    const name = fileName(res.headers.get('Content-Disposition')) ?? fallbackName;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    return { name, size: blob.size, type: blob.type };
  },
};

function fileName(disposition) {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : null;
}
