// The image's /etc/passwd and /etc/group, read as Pebble resolves a service's user and group
// (osutil.NormalizeUidGid): a name is looked up, an id must agree with the name's, and a user
// without a group runs with the user's primary group.
import type { Problem } from '../errors.js';
import type { PlanService } from './layer.js';

/** One /etc/passwd entry. */
export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

/** The image's users and groups, as text read from its files. */
export interface UserDbText {
  readonly passwd?: { readonly path: string; readonly text: string };
  readonly group?: { readonly path: string; readonly text: string };
}

/** Who a service runs as: ids for spawn, the name and home for USER and HOME. */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
  readonly user?: string;
  readonly home?: string;
}

/** Parses /etc/passwd lines `name:x:uid:gid:gecos:home:shell` (pure; malformed lines are skipped). */
export function parsePasswd(text: string): PasswdEntry[] {
  return text.split('\n').flatMap((line) => {
    const f = line.split(':');
    if (f.length < 7 || !/^\d+$/.test(f[2]!) || !/^\d+$/.test(f[3]!)) return [];
    return [{ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]! }];
  });
}

/** Parses /etc/group lines `name:x:gid:members` into name → gid (pure). */
export function parseGroup(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length >= 3 && /^\d+$/.test(f[2]!)) out.set(f[0]!, Number(f[2]));
  }
  return out;
}

/** The user and group a service names, resolved; undefined when it names neither. */
export function resolveRunAs(s: PlanService, db: UserDbText, file: string, problems: Problem[]): RunAs | undefined {
  if (s.user === undefined && s.userId === undefined && s.group === undefined && s.groupId === undefined) return undefined;
  const at = `services.${s.name}`;
  const users = parsePasswd(db.passwd?.text ?? '');
  const passwdPath = db.passwd?.path ?? '/etc/passwd';
  let uid = s.userId;
  let entry: PasswdEntry | undefined;
  if (s.user !== undefined) {
    entry = users.find((u) => u.name === s.user);
    if (entry === undefined) return fail(problems, { file, key: `${at}.user`, expected: `a user of ${passwdPath}`, found: `"${s.user}", which does not exist`, consequence: 'the app will not start' });
    if (uid !== undefined && uid !== entry.uid) return fail(problems, { file, key: `${at}.user-id`, expected: `${entry.uid}, the id of user "${s.user}"`, found: String(uid) });
    uid = entry.uid;
  }
  if (uid === undefined) return fail(problems, { file, key: `${at}.group`, expected: 'a user (user or user-id) with the group', found: 'a group alone' });
  entry ??= users.find((u) => u.uid === uid);
  let gid = s.groupId;
  if (s.group !== undefined) {
    const found = parseGroup(db.group?.text ?? '').get(s.group);
    if (found === undefined) return fail(problems, { file, key: `${at}.group`, expected: `a group of ${db.group?.path ?? '/etc/group'}`, found: `"${s.group}", which does not exist`, consequence: 'the app will not start' });
    if (gid !== undefined && gid !== found) return fail(problems, { file, key: `${at}.group-id`, expected: `${found}, the id of group "${s.group}"`, found: String(gid) });
    gid = found;
  }
  if (gid === undefined) {
    if (entry === undefined) return fail(problems, { file, key: `${at}.user-id`, expected: `a user id of ${passwdPath} (its primary group is used)`, found: `${uid}, which does not exist` });
    gid = entry.gid;
  }
  return { uid, gid, ...(entry === undefined ? {} : { user: entry.name, home: entry.home }) };
}

function fail(problems: Problem[], p: Problem): undefined {
  problems.push(p);
  return undefined;
}
