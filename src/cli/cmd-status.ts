import { ExitCode, UsageError } from '../errors.js';
import type { StatusDocument } from '../status/status-view.js';
import { parseStatusAddr } from '../status/server.js';
import { parseVerbArgs, str } from './args.js';
import type { VerbContext } from './context.js';

/** One-line summary for `paas-init --help`. */
export const summary = "print a running paas-init's status";

/** `paas-init status [--json]`: exit 0 ready, 3 not ready, 1 unreachable. */
export async function runStatus(argv: readonly string[], ctx: VerbContext): Promise<number> {
  const { flags } = parseVerbArgs('status', argv, { json: { type: 'boolean' }, 'status-addr': { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (flags.help === true) return ctx.help('status');
  const addr = parseStatusAddr(str(flags, 'status-addr') ?? '127.0.0.1:9191');
  if (addr === undefined || addr === 'off') throw new UsageError('--status-addr: expected [HOST]:PORT');
  const host = addr.host === undefined || addr.host === '' || addr.host === '0.0.0.0' ? '127.0.0.1' : addr.host.includes(':') ? `[${addr.host}]` : addr.host;
  let doc: StatusDocument;
  try {
    const r = await fetch(`http://${host}:${addr.port}/status`, { signal: AbortSignal.timeout(5000) });
    doc = (await r.json()) as StatusDocument;
  } catch (e) {
    ctx.stderr(`paas-init: status: no status server at ${host}:${addr.port} (${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)})\n`);
    return ExitCode.invalid;
  }
  if (flags.json === true) ctx.stdout(JSON.stringify(doc, null, 2) + '\n');
  else {
    const lines = [
      `state       ${doc.state}${doc.ready ? ' (ready)' : ` (not ready: ${doc.reason ?? ''})`}`,
      `app         pid ${doc.app.pid ?? '-'}, ${doc.app.restarts} restart${doc.app.restarts === 1 ? '' : 's'}${doc.app.lastExit === null ? '' : `, last exit ${doc.app.lastExit.code}`}`,
      ...(doc.paasCharm === null || doc.paasCharm === undefined ? [] : [`paas-charm  ${doc.paasCharm.line} (${doc.paasCharm.reason})`]),
      `migration   ${doc.migration.attempts} attempt${doc.migration.attempts === 1 ? '' : 's'}${doc.migration.lastCode === null ? '' : `, last exit ${doc.migration.lastCode} in ${doc.migration.lastDurationMs} ms`}`,
      `checks      ${doc.checks.failures} failure${doc.checks.failures === 1 ? '' : 's'}${doc.checks.down === null ? '' : `, down: ${doc.checks.down}`}`,
      ...(doc.checks.rock ?? []).map((c) => `  ${c.name.padEnd(10)}${c.status}, ${c.failures} failure${c.failures === 1 ? '' : 's'} (down after ${c.threshold})${c.down === null ? '' : `: ${c.down}`}`),
      `uptime      ${Math.round(doc.uptimeMs / 1000)} s; inputs last read ${doc.lastInputReloadAt ?? 'never'}`,
      ...doc.processes.map((p) => `process     ${p.name}: ${p.phase}, ${p.restarts} restarts`),
      `variables   ${doc.variables.length}: ${doc.variables.join(' ')}`,
      ...(doc.stateDir === undefined || doc.stateDir === null ? [] : [`state dir   ${doc.stateDir.path} (${doc.stateDir.from}${doc.stateDir.usable ? '' : '; not usable: no file lock, an ephemeral secret key'})`]),
      ...rejectedLines(doc),
    ];
    ctx.stdout(lines.join('\n') + '\n');
  }
  return doc.ready ? ExitCode.ok : 3;
}

/** The refused input, as /status has it: since when, what runs meanwhile, every problem. */
function rejectedLines(doc: StatusDocument): string[] {
  const r = doc.rejectedInput;
  if (r === undefined || r === null) return [];
  return [`input       refused since ${r.since}, keeping ${r.keeping}`, ...r.problems.map((p) => `  ${p}`)];
}
