import type { Problem } from '../errors.js';
import type { InputsSnapshot } from '../inputs/snapshot.js';
import type { Secret } from '../log/secret.js';
import { integrationFor, type IntegrationSpec } from '../mapping/integrations.js';
import type { EndpointSpec, ProjectSpec } from '../project/project-spec.js';
import type { BindingData, BindingResult, FamilyContext, RelationReading } from './integrations/binding-data.js';
import { databaseUriVars } from './integrations/database-uri.js';
import { fieldTableVars } from './integrations/field-table.js';
import { identityVars } from './integrations/identity.js';
import { messageBrokerVars } from './integrations/message-broker.js';
import { objectStorageVars } from './integrations/object-storage.js';
import { proxyVars } from './integrations/proxy.js';
import { valkeyVars } from './integrations/valkey.js';
import { bindingTypeMatches, bindingTypesFor } from './binding-type.js';
import type { DraftVar } from './framework-env.js';
import type { RelationStatus, VarSource } from './plan.js';

/** The Service Binding entry every projected binding must have. */
export const bindingTypeEntry = 'type';

/** A relation that gave variables: what its data said, and the variables made of it. */
export interface BoundRelation {
  readonly endpoint: string;
  readonly interface: string;
  readonly source: VarSource;
  readonly reading: RelationReading;
  readonly vars: readonly string[];
}

/** What the relations contribute to the plan. */
export interface RelationOutcome {
  readonly vars: readonly DraftVar[];
  /** the relations that gave variables, in `requires` order */
  readonly readings: readonly BoundRelation[];
  /** required endpoints without usable data, in paas-charm's message order */
  readonly missing: readonly string[];
  readonly bound: readonly EndpointSpec[];
  readonly statuses: readonly RelationStatus[];
  /** paas-charm's own blocked messages for data it rejects (e.g. "Invalid s3 relation data.") */
  readonly blocked: readonly string[];
}

/** Each `requires` endpoint → its binding → variables, or a reason it is missing. */
export function relationVars(project: ProjectSpec, inputs: InputsSnapshot, ctx: FamilyContext, problems: Problem[]): RelationOutcome {
  const vars: DraftVar[] = [];
  const blocked: string[] = [];
  if (project.requires.filter((r) => r.interface === 'oauth').length > 1) blocked.push('Multiple OAuth relations are not supported at the moment');
  const missing: { name: string; order: number; index: number }[] = [];
  const bound: EndpointSpec[] = [];
  const statuses: RelationStatus[] = [];
  const readings: BoundRelation[] = [];
  project.requires.forEach((ep, index) => {
    const spec = integrationFor(ep.name, ep.interface);
    const data = bindingFor(ep, spec !== undefined, inputs, problems);
    const base = { endpoint: ep.name, interface: ep.interface, optional: ep.optional };
    if (spec === undefined) {
      statuses.push({ ...base, state: 'unmapped', ...(data === undefined ? {} : { from: data.from }), note: `paas-charm maps no variables for endpoint "${ep.name}" with interface "${ep.interface}"`, vars: [] });
      return;
    }
    const result: BindingResult = data === undefined ? { kind: 'not-ready', note: 'no binding' } : mapBinding(spec, data, ctx);
    if (result.kind === 'blocked') {
      blocked.push(result.message);
      statuses.push({ ...base, state: 'invalid', ...(data === undefined ? {} : { from: data.from }), note: result.message, vars: [] });
      return;
    }
    if (result.kind === 'vars' && data !== undefined) {
      const source = data.source;
      const names = result.vars.map(([n]) => n);
      vars.push(...result.vars.map(([name, value]) => ({ name, value, source })));
      bound.push(ep);
      readings.push({ endpoint: ep.name, interface: ep.interface, source, reading: result.reading, vars: names });
      statuses.push({ ...base, state: 'bound', from: data.from, vars: names });
      return;
    }
    if (result.kind === 'invalid' && data !== undefined) {
      // No consequence here: what follows is the shell's to say (a running app keeps its last good plan).
      problems.push({ file: `${data.from}/${result.key}`, key: ep.name, expected: result.expected, found: result.found });
    }
    const state = data === undefined ? 'missing' : result.kind === 'invalid' ? 'invalid' : 'not-ready';
    statuses.push({ ...base, state, ...(data === undefined ? {} : { from: data.from }), ...(result.kind === 'not-ready' && data !== undefined ? { note: result.note } : {}), vars: [] });
    if (!ep.optional && spec.checked) missing.push({ name: spec.missingName, order: spec.checkOrder, index });
  });
  missing.sort((a, b) => a.order - b.order || a.index - b.index);
  return { vars, readings, missing: [...new Set(missing.map((m) => m.name))], bound, statuses, blocked };
}

function mapBinding(spec: IntegrationSpec, data: BindingData, ctx: FamilyContext): BindingResult {
  switch (spec.family) {
    case 'database-uri': return databaseUriVars(spec, data, ctx.appName);
    case 'valkey': return valkeyVars(spec, data);
    case 'message-broker': return messageBrokerVars(spec, data, ctx);
    case 'object-storage': return objectStorageVars(spec, data);
    case 'fields': return fieldTableVars(spec, data, ctx);
    case 'identity': return identityVars(data, ctx);
    case 'proxy': return proxyVars(data);
  }
}

/**
 * `--relation endpoint=URI` wins over `<bindings>/<endpoint>/`. A folder without `type` is taken as
 * the endpoint's interface (operators' Secrets have none); a `type` that is there must match a
 * wired endpoint's interface.
 */
function bindingFor(ep: EndpointSpec, mapped: boolean, inputs: InputsSnapshot, problems: Problem[]): BindingData | undefined {
  const endpoint = ep.name;
  const uri = inputs.relationUris.get(endpoint);
  if (uri !== undefined) {
    return { endpoint, from: `--relation ${endpoint}`, source: { kind: 'relation-flag', endpoint }, entries: new Map<string, Secret>([['uri', uri]]) };
  }
  const dir = inputs.bindings.dirs.get(endpoint);
  if (dir === undefined) return undefined;
  if (dir.files.size === 0) return undefined; // an optional Secret that does not exist mounts as an empty folder
  const type = dir.files.get(bindingTypeEntry)?.value.reveal();
  // An endpoint paas-charm does not wire gets no variables whatever its type says.
  if (mapped && type !== undefined && !bindingTypeMatches(type, ep.interface)) {
    problems.push({
      file: `${dir.path}/${bindingTypeEntry}`, key: endpoint, expected: `type ${bindingTypesFor(ep.interface).join(' or ')} (endpoint "${endpoint}" has interface ${ep.interface}), or no type`,
      found: `type ${JSON.stringify(type.trim())}`, consequence: 'the binding is ignored',
    });
    return undefined;
  }
  return { endpoint, from: dir.path, source: { kind: 'binding', endpoint, path: dir.path }, entries: new Map([...dir.files].map(([k, f]) => [k, f.value])) };
}
