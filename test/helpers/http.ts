// Small HTTP helpers over Node's fetch, every call bounded.
import { createServer } from 'node:net';

/** A port nobody listens on now: bound to port 0, then released (no guess another test may share). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** GET a JSON document, or undefined when the server does not answer 200 (yet). */
export async function getJson<T>(url: string, timeoutMs = 3000): Promise<T | undefined> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return r.status === 200 ? ((await r.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Polls a JSON URL until `accept` is true of the answer; fails after the timeout. */
export async function pollJson<T>(url: string, accept: (v: T) => boolean, timeoutMs: number, why: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await getJson<T>(url);
    if (v !== undefined && accept(v)) return v;
    if (Date.now() > deadline) throw new Error(`${url}: not as expected after ${timeoutMs} ms (last: ${JSON.stringify(v)})\n${why()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A cookie jar good enough for one Django admin session. */
export class Cookies {
  readonly #jar = new Map<string, string>();
  take(r: Response): void {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      this.#jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  }
  get(name: string): string | undefined {
    return this.#jar.get(name);
  }
  header(): string {
    return [...this.#jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** Logs into Django admin with a username and password; true when /admin/ then shows the site administration. */
export async function djangoAdminLogin(base: string, username: string, password: string): Promise<boolean> {
  const jar = new Cookies();
  const page = await fetch(`${base}/admin/login/?next=/admin/`, { signal: AbortSignal.timeout(5000) });
  jar.take(page);
  const html = await page.text();
  const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html)?.[1];
  if (token === undefined) throw new Error('no CSRF token on the admin login page');
  const body = new URLSearchParams({ csrfmiddlewaretoken: token, username, password, next: '/admin/' });
  const login = await fetch(`${base}/admin/login/?next=/admin/`, {
    method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(5000),
    headers: { cookie: jar.header(), referer: `${base}/admin/login/`, 'content-type': 'application/x-www-form-urlencoded' },
  });
  jar.take(login);
  if (login.status !== 302 || jar.get('sessionid') === undefined) return false;
  const admin = await fetch(`${base}/admin/`, { headers: { cookie: jar.header() }, signal: AbortSignal.timeout(5000) });
  return admin.status === 200 && (await admin.text()).includes('Site administration');
}
