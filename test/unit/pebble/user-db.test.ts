import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem, type Problem } from '../../../src/errors.js';
import type { PlanService } from '../../../src/pebble/layer.js';
import { resolveRunAs, type UserDbText } from '../../../src/pebble/user-db.js';

const db: UserDbText = {
  passwd: { path: '/etc/passwd', text: 'root:x:0:0:root:/root:/bin/bash\n_daemon_:x:584792:584792::/nonexistent:/usr/bin/false\nbroken line\n' },
  group: { path: '/etc/group', text: 'root:x:0:\n_daemon_:x:584792:\nstaff:x:50:\n' },
};
const svc = (more: Partial<PlanService>): PlanService => ({ name: 'flask', command: 'x', layers: ['001-l.yaml'], file: '/l/001-l.yaml', ...more });

const cases: { summary: string; service: Partial<PlanService>; runAs?: unknown; error?: string }[] = [
  { summary: 'no user and no group: run as paas-init runs', service: {}, runAs: undefined },
  { summary: 'a user runs with its primary group, HOME and USER', service: { user: '_daemon_' }, runAs: { uid: 584792, gid: 584792, user: '_daemon_', home: '/nonexistent' } },
  { summary: 'a user and a group', service: { user: '_daemon_', group: 'staff' }, runAs: { uid: 584792, gid: 50, user: '_daemon_', home: '/nonexistent' } },
  { summary: 'a user id alone is looked up for its group', service: { userId: 0 }, runAs: { uid: 0, gid: 0, user: 'root', home: '/root' } },
  { summary: 'a user id and a group id need no lookup', service: { userId: 1234, groupId: 99 }, runAs: { uid: 1234, gid: 99 } },
  { summary: 'a user that does not exist is an error', service: { user: 'nobody-here' }, error: '/l/001-l.yaml: services.flask.user: expected a user of /etc/passwd, got "nobody-here", which does not exist; the app will not start' },
  { summary: 'a group that does not exist is an error', service: { user: '_daemon_', group: 'wheel' }, error: '/l/001-l.yaml: services.flask.group: expected a group of /etc/group, got "wheel", which does not exist; the app will not start' },
  { summary: 'a user id that disagrees with the user is an error', service: { user: '_daemon_', userId: 1 }, error: '/l/001-l.yaml: services.flask.user-id: expected 584792, the id of user "_daemon_", got 1' },
  { summary: 'a group without a user is an error, as in Pebble', service: { group: 'staff' }, error: '/l/001-l.yaml: services.flask.group: expected a user (user or user-id) with the group, got a group alone' },
];

for (const c of cases) {
  test(`user and group: ${c.summary}.`, () => {
    const problems: Problem[] = [];
    const got = resolveRunAs(svc(c.service), db, '/l/001-l.yaml', problems);
    if (c.error !== undefined) {
      assert.deepEqual(problems.map(formatProblem), [c.error]);
      assert.equal(got, undefined);
    } else {
      assert.deepEqual(problems, []);
      assert.deepEqual(got, c.runAs);
    }
  });
}
