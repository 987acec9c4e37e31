import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newRunStats } from '../../../src/status/run-stats.js';
import { statusDocument } from '../../../src/status/status-view.js';
import { plan, projectYaml } from '../../helpers/snapshot.js';

test('/status shows the paas-charm line in use and why, and null without a project file', () => {
  const sources = { state: undefined, stats: newRunStats(0), processes: [], zombiesReaped: 0 };
  const withProject = statusDocument({ ...sources, plan: plan({ project: projectYaml('go-framework', '', '', 'web', 'ubuntu@26.04') }) }, 0);
  assert.deepEqual(withProject.paasCharm, { line: '2.x', reason: "base ubuntu@26.04: charmcraft's V2 extension packs paas-charm 2.x" });
  assert.equal(statusDocument({ ...sources, plan: plan({}) }, 0).paasCharm, null);
});
