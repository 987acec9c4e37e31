import { LineCounter, parseDocument, type DocumentOptions, type ParseOptions, type SchemaOptions, type Tags } from 'yaml';

/**
 * Which YAML a file is read as. charmcraft and paas-charm read their files with PyYAML, which
 * follows YAML 1.1 (`yes`/`no`/`on`/`off` are booleans, `017` is octal, `1:30` is sexagesimal);
 * paas-init's own files (config/config.yaml, pebble layers) are YAML 1.2's core schema.
 */
export type YamlVersion = '1.1' | '1.2';

/** Parsed YAML, or where and why it failed (line and column from 1). */
export type YamlResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: string; readonly line: number; readonly column: number };

// Where PyYAML's resolver (resolver.py) reads plain scalars differently from the `yaml`
// package's 1.1 schema: y/n stay strings (a key `n:` is "n"), `09` is a string, a float needs
// a dot and an exponent needs a sign (`1e3` is a string), `-.5` is a string.
const pyYamlTests: Readonly<Record<string, RegExp>> = {
  'bool:true': /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/,
  'bool:false': /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/,
  'int:': /^[-+]?(?:0|[1-9][0-9_]*)$/,
  'float:': /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/,
  'float:EXP': /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)[eE][-+][0-9]+$/,
};

function pyYamlTags(tags: Tags): Tags {
  return tags.map((t) => {
    if (typeof t === 'string' || !t.tag.startsWith('tag:yaml.org,2002:')) return t;
    const kind = t.tag.slice('tag:yaml.org,2002:'.length);
    if (kind === 'float' && t.test?.test('.inf') === true) return t; // .inf/.nan agree
    const key = kind === 'bool' ? `bool:${t.identify?.(true) === true}` : `${kind}:${t.format ?? ''}`;
    const test = pyYamlTests[key];
    return test === undefined ? t : ({ ...t, test } as typeof t);
  });
}

const common: ParseOptions & DocumentOptions & SchemaOptions = { intAsBigInt: true, uniqueKeys: true, prettyErrors: false };
const options: Readonly<Record<YamlVersion, ParseOptions & DocumentOptions & SchemaOptions>> = {
  '1.1': { ...common, version: '1.1', customTags: pyYamlTags },
  '1.2': { ...common, version: '1.2' },
};

/**
 * Parses one YAML document: ints as bigint (no digit of a large int is lost), duplicate keys
 * are errors. The reason never quotes the text (prettyErrors off), only line and column.
 */
export function parseYaml(text: string, version: YamlVersion = '1.2'): YamlResult {
  const lines = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { ...options[version], lineCounter: lines });
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e), line: 0, column: 0 };
  }
  const error = doc.errors[0];
  if (error !== undefined) {
    const at = lines.linePos(error.pos[0]);
    return { ok: false, reason: error.message.split('\n')[0] ?? error.code, line: at.line, column: at.col };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e), line: 0, column: 0 };
  }
}
