// Which paas-charm line's environment the app gets. charmcraft routes a charm to its V1
// extensions when any base is 22.04/24.04 (_FrameworkFactory, charmcraft/extensions/app.py at
// 15966e95), and its init templates pin paas-charm>=1.0,<2 there; V2 (ubuntu@26.04) packs main.
import type { PaasCharmLine } from '../mapping/frameworks.js';

/** The line in use and why, for `check` and /status. */
export interface LineChoice {
  readonly line: PaasCharmLine;
  readonly reason: string;
}

/** A line forced from outside the project file (`--paas-charm-line`, PAAS_INIT_PAAS_CHARM_LINE). */
export interface LineOverride {
  readonly line: PaasCharmLine;
  readonly from: string;
}

const v1Bases = ['ubuntu@22.04', 'ubuntu@24.04'];
const v2Bases = ['ubuntu@26.04'];

/** The override if any, else what the bases say; no base means the released line, 1.x. */
export function chooseLine(bases: readonly string[], override: LineOverride | undefined): LineChoice {
  if (override !== undefined) return { line: override.line, reason: `${override.from}${override.from.endsWith('=') ? '' : ' '}${override.line}` };
  const v1 = bases.find((b) => v1Bases.includes(b));
  if (v1 !== undefined) return { line: 1, reason: `base ${v1}: charmcraft packs paas-charm 1.x (>=1.0,<2)` };
  const v2 = bases.find((b) => v2Bases.includes(b));
  if (v2 !== undefined) return { line: 2, reason: `base ${v2}: charmcraft's V2 extension packs paas-charm 2.x` };
  if (bases.length === 0) return { line: 1, reason: 'no base in the project file: the released line, 1.x' };
  return { line: 1, reason: `base ${bases.join(', ')} is none of ubuntu@22.04, 24.04, 26.04: the released line, 1.x` };
}
