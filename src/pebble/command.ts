// Pebble's service command syntax (plan.go, Service.ParseCommand): shell-like words split as
// Python's shlex does in POSIX mode, with an optional `[ … ]` group at the end holding default
// arguments that arguments given at start replace (`-k [ sync ]`).
import { split } from 'shlex';

/** A parsed command: the words always run, and the default arguments of its `[ … ]` group. */
export interface ServiceCommand {
  readonly base: readonly string[];
  readonly defaults: readonly string[];
}

/** What is wrong with a command, as `expected` / `found` of a problem. */
export interface CommandFault {
  readonly expected: string;
  readonly found: string;
}

/** Splits a command into its base and default arguments, or says what is wrong with it. */
export function parseServiceCommand(text: string): ServiceCommand | CommandFault {
  let words: string[];
  try {
    words = split(text);
  } catch {
    return { expected: 'a command with balanced quotes', found: 'an unclosed quote' };
  }
  if (words.length === 0) return { expected: 'a command', found: 'an empty string' };
  const base: string[] = [];
  const defaults: string[] = [];
  let inGroup = false;
  let hadGroup = false;
  for (const [i, word] of words.entries()) {
    if (inGroup) {
      if (word === '[') return fault('a [ inside the [ … ] group');
      if (word === ']') inGroup = false;
      else defaults.push(word);
      continue;
    }
    if (hadGroup) return fault(`"${word}" after the [ … ] group`);
    if (word === '[') {
      if (i === 0) return { expected: 'a program before any [ … ] group', found: 'a command that starts with [' };
      inGroup = true;
      hadGroup = true;
    } else if (word === ']') {
      return fault('a ] with no [ before it');
    } else {
      base.push(word);
    }
  }
  return { base, defaults };
}

function fault(found: string): CommandFault {
  return { expected: 'default arguments in one [ … ] group at the end of the command', found };
}

/** Tells a fault from a parsed command. */
export function isCommandFault(c: ServiceCommand | CommandFault): c is CommandFault {
  return 'found' in c;
}

/** The words to run: the base, then the given arguments, else the defaults (as `pebble start` does). */
export function commandArgv(c: ServiceCommand, args?: readonly string[]): readonly string[] {
  return [...c.base, ...(args ?? c.defaults)];
}
