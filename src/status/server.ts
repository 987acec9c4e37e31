// The status server: /healthz, /readyz, /status (JSON), /metrics (Prometheus text). Read-only.
import type { Server } from 'node:http';
import { createHttpServer } from '../runtime/http-server.js';
import type { Logger } from '../log/logger.js';
import { metricsText, statusDocument, type StatusSources } from './status-view.js';

/** Where to listen: `:9191`, `127.0.0.1:9191`, `[::]:9191`, or `off`. */
export function parseStatusAddr(addr: string): { host: string | undefined; port: number } | 'off' | undefined {
  if (addr === 'off') return 'off';
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(addr);
  if (m === null) return undefined;
  const host = m[1] ?? (m[2] === '' ? undefined : m[2]);
  const port = Number(m[3]);
  return port > 65535 ? undefined : { host, port };
}

/**
 * Serves status until closed. `probeReady` checks --ready-url (true when none).
 */
export async function startStatusServer(opts: { addr: { host: string | undefined; port: number }; sources: () => StatusSources; probeReady: () => Promise<boolean>; logger: Logger; label: string }): Promise<Server> {
  const server = createHttpServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0];
      const src = opts.sources();
      const doc = statusDocument(src, Date.now());
      const send = (code: number, type: string, body: string): void => {
        res.writeHead(code, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      };
      switch (path) {
        case '/healthz':
          return send(200, 'text/plain', 'ok\n');
        case '/readyz': {
          if (!doc.ready) return send(503, 'text/plain', `not ready: ${doc.reason ?? doc.state}\n`);
          if (!(await opts.probeReady())) return send(503, 'text/plain', 'not ready: the app does not answer its ready URL yet\n');
          return send(200, 'text/plain', 'ready\n');
        }
        case '/status':
          return send(200, 'application/json', JSON.stringify(doc, null, 2) + '\n');
        case '/metrics':
          return send(200, 'text/plain; version=0.0.4', metricsText(doc, src.stats));
        default:
          return send(404, 'text/plain', 'not found: try /healthz, /readyz, /status or /metrics\n');
      }
    })();
  });
  server.on('error', (e) => opts.logger.log({ event: 'status.failed', addr: opts.label, error: e.message }));
  server.listen(opts.addr.port, opts.addr.host, () => opts.logger.log({ event: 'status.listening', addr: opts.label }));
  server.unref();
  return server;
}

/** GETs a URL and says whether it answered 2xx within the timeout. */
export async function answers(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await r.arrayBuffer();
    return r.status >= 200 && r.status < 300;
  } catch {
    return false;
  }
}
