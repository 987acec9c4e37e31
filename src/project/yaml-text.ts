import yaml from 'js-yaml';

// js-yaml rather than `yaml`: on a cold start (every `paas-init env`, every container start) it
// parses a 100-option charmcraft.yaml 3-5x faster, which is most of paas-init's own start-up
// cost (bench/env-startup.mjs). Ints become bigints so that no digit of a large int is lost.
// The core schema's own implicit types (null, bool, int, float), looked up by tag.
const coreTypes = (yaml.CORE_SCHEMA as unknown as { implicit: (yaml.Type & { tag: string; resolve(d: unknown): boolean; construct(d: unknown): unknown })[] }).implicit;
const coreType = (name: string) => {
  const t = coreTypes.find((x) => x.tag === `tag:yaml.org,2002:${name}`);
  if (t === undefined) throw new Error(`internal error: js-yaml has no core ${name} type`);
  return t;
};
const intType = coreType('int');
const bigIntType = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) => intType.resolve(data),
  construct: (data: string) => {
    const plain = data.replace(/_/g, '');
    return /^[-+]?[0-9]+$/.test(plain) ? BigInt(plain) : BigInt(intType.construct(data) as number);
  },
});
const schema = yaml.FAILSAFE_SCHEMA.extend({ implicit: [coreType('null'), coreType('bool'), bigIntType, coreType('float')] });

/** Parsed YAML, or where and why it failed. */
export type YamlResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: string; readonly line: number; readonly column: number };

/** Parses one YAML document (YAML 1.2 core types; ints as bigint; duplicate keys are errors). */
export function parseYaml(text: string): YamlResult {
  try {
    return { ok: true, value: yaml.load(text, { schema }) };
  } catch (e) {
    if (e instanceof yaml.YAMLException) return { ok: false, reason: e.reason, line: e.mark.line + 1, column: e.mark.column + 1 };
    return { ok: false, reason: e instanceof Error ? e.message : String(e), line: 0, column: 0 };
  }
}
