// The app's port and metrics endpoint on the line in use, and the options a user set that move
// neither (check says so: paas-charm would ignore them silently).
import type { LineSpec, PaasCharmLine } from '../mapping/frameworks.js';
import type { PaasConfig } from '../project/paas-config.js';
import type { ResolvedOption } from './config-values.js';
import type { Sourced } from './framework-env.js';

/** `--port`, then paas-config.yaml's `port` (2.x), then the line's port options, then its default. */
export function resolvePort(line: LineSpec | undefined, values: ReadonlyMap<string, ResolvedOption>, paas: PaasConfig, flagPort: number | undefined): Sourced<number> {
  if (flagPort !== undefined) return { value: flagPort, source: { kind: 'flag', flag: '--port' } };
  if (line?.port.fromPaasConfig === true && paas.port !== undefined && paas.file !== undefined) return { value: paas.port, source: { kind: 'paas-config', path: paas.file } };
  for (const name of line?.port.options ?? []) {
    const o = values.get(name);
    // A user's own `port` option may be of any type: only a port number counts.
    const n = o === undefined ? NaN : Number(o.value);
    if (o !== undefined && Number.isInteger(n) && n > 0 && n < 65536) return { value: n, source: o.source };
  }
  return { value: line?.port.default ?? 8000, source: { kind: 'default' } };
}

/** 2.x: the metrics endpoint paas-charm sets itself, paas-config.yaml's else the framework's. */
export function metricsEndpoint(line: LineSpec, paas: PaasConfig): { port: number; path: string } | undefined {
  if (line.metrics === undefined) return undefined;
  return { port: paas.metricsPort ?? line.metrics.port, path: paas.metricsPath ?? line.metrics.path };
}

/** Options the user set (not defaults) that change nothing on this line, in words. */
export function ineffectiveOptions(line: LineSpec, lineNo: PaasCharmLine, values: ReadonlyMap<string, ResolvedOption>, port: Sourced<number>): string[] {
  const setByUser = (name: string): boolean => {
    const s = values.get(name)?.source.kind;
    return s !== undefined && s !== 'default';
  };
  const notes: string[] = [];
  const metrics = line.metrics;
  for (const name of line.ignoredOptions ?? []) {
    if (setByUser(name) && metrics !== undefined) {
      notes.push(`${name} has no effect on paas-charm ${lineNo}.x: the metrics endpoint is paas-config.yaml's metrics-port and metrics-path, else port ${metrics.port} and path ${metrics.path}`);
    }
  }
  const fromOutside = port.source.kind === 'flag' || port.source.kind === 'paas-config';
  const winner = fromOutside ? undefined : line.port.options.find((n) => values.get(n)?.source === port.source);
  const from = port.source.kind === 'flag' ? port.source.flag : port.source.kind === 'paas-config' ? "paas-config.yaml's port" : winner === undefined ? "the framework's default" : `option ${winner}`;
  for (const name of line.port.options) {
    if (setByUser(name) && name !== winner) notes.push(`${name} has no effect: the app's port (${port.value}) comes from ${from}`);
  }
  return notes;
}
