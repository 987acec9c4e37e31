import { levelOf, type LogEvent, type LogLevel } from './events.js';

/** How lines look: `text` (logfmt-like) or one JSON object a line. */
export type LogFormat = 'text' | 'json';

const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Writes events to a sink (stderr in production), one line each. */
export class Logger {
  readonly #format: LogFormat;
  readonly #min: LogLevel;
  readonly #write: (line: string) => void;
  readonly #now: () => Date;

  constructor(opts: { format: LogFormat; minLevel?: LogLevel; write: (line: string) => void; now?: () => Date }) {
    this.#format = opts.format;
    this.#min = opts.minLevel ?? 'info';
    this.#write = opts.write;
    this.#now = opts.now ?? (() => new Date());
  }

  /** Logs one event. */
  log(e: LogEvent): void {
    const level = levelOf(e);
    if (order[level] < order[this.#min]) return;
    this.#write(formatEvent(e, level, this.#now(), this.#format) + '\n');
  }
}

/** One event as one line. Text lines start with `paas-init` so they stand apart from the app's output. */
export function formatEvent(e: LogEvent, level: LogLevel, now: Date, format: LogFormat): string {
  const ts = now.toISOString();
  if (format === 'json') return JSON.stringify({ ts, level, source: 'paas-init', ...e });
  const { event, ...fields } = e;
  const parts = [`paas-init ts=${ts} level=${level} event=${event}`];
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    parts.push(`${k}=${logfmtValue(String(v))}`);
  }
  return parts.join(' ');
}

function logfmtValue(s: string): string {
  return /^[^\s"=\\]+$/.test(s) ? s : JSON.stringify(s);
}
