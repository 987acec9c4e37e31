import { revealValue } from '../log/secret.js';
import type { Plan } from './plan.js';

/** Output formats of `paas-init env` and the sidecar's env file. */
export type EnvFormat = 'dotenv' | 'json' | 'shell';

/** The env formats, for flag validation. */
export const envFormats: readonly EnvFormat[] = ['dotenv', 'json', 'shell'];

/** A name POSIX sh can assign (`export A.B=…` is a syntax error that stops `. file`). */
export function isShellName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/**
 * The names a format cannot carry: dotenv and shell files are sourced by sh, so names like
 * `FLASK_API_TOKEN_TLS.CRT` or Spring Boot's `spring.datasource.url` are left out of them
 * (the app's own environment keeps them; `--format json` and `paas-init exec` carry them).
 */
export function uncarriedNames(plan: Plan, format: EnvFormat): string[] {
  return format === 'json' ? [] : plan.env.map((v) => v.name).filter((n) => !isShellName(n));
}

/** Says which names a format leaves out, and how the app gets them. */
export function uncarriedNote(format: EnvFormat, names: readonly string[]): string {
  return `--format ${format} leaves out ${names.join(', ')}: not shell variable names; the app's own environment under \`paas-init run\` has them, and \`--format json\` or \`paas-init exec\` carry them`;
}

/** The mapped variables only (not the inherited environment), with real values: this is what the app gets. */
export function renderEnv(plan: Plan, format: EnvFormat): string {
  const all = plan.env.map((v) => [v.name, revealValue(v.value)] as const);
  const entries = format === 'json' ? all : all.filter(([k]) => isShellName(k));
  switch (format) {
    case 'json':
      return JSON.stringify(Object.fromEntries(entries)) + '\n';
    case 'shell':
      return entries.map(([k, v]) => `export ${k}=${shellQuote(v)}\n`).join('');
    case 'dotenv':
      return entries.map(([k, v]) => `${k}=${dotenvQuote(v)}\n`).join('');
  }
}

/** POSIX single quotes: nothing inside is special; a quote is closed, escaped and reopened. */
export function shellQuote(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

/**
 * Bare when plainly safe, single-quoted (literal) when possible, else double-quoted with escapes;
 * the backtick too, so that sh sourcing the file never runs a command substitution.
 */
export function dotenvQuote(v: string): string {
  if (/^[A-Za-z0-9_./:@%+,=-]*$/.test(v)) return v;
  if (!v.includes("'") && !v.includes('\n') && !v.includes('\r')) return `'${v}'`;
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '\\$').replace(/`/g, '\\`').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

/**
 * The environment a child gets: the container's own; HOME and USER of the service's user, as
 * Pebble sets them; the rock service's own environment; then the plan's variables over all of
 * it (paas-charm's win, as its layer overrides the rock's).
 */
export function childEnv(plan: Plan, inherited: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(inherited)) if (v !== undefined) out[k] = v;
  if (plan.runAs?.home !== undefined) out.HOME = plan.runAs.home;
  if (plan.runAs?.user !== undefined) out.USER = plan.runAs.user;
  Object.assign(out, plan.serviceEnv);
  for (const v of plan.env) out[v.name] = revealValue(v.value);
  return out;
}
