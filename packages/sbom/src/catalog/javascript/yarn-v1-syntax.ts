import { malformed } from '../syntax.js';

/** One entry of a yarn v1 lockfile: its descriptors (`name@range`) and fields. */
export interface YarnV1Entry {
  descriptors: string[];
  line: number;
  fields: Record<string, string>;
  dependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
}

/** A token at the start of `text`: a JSON-quoted string or a run of non-space characters. */
function token(text: string, file: string, line: number): [string, string] {
  if (text.startsWith('"')) {
    let i = 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) throw malformed(file, 'unterminated string', line);
    let value: string;
    try {
      value = JSON.parse(text.slice(0, i + 1)) as string;
    } catch {
      throw malformed(file, 'invalid string escape', line);
    }
    return [value, text.slice(i + 1).trimStart()];
  }
  const space = text.indexOf(' ');
  return space < 0 ? [text, ''] : [text.slice(0, space), text.slice(space + 1).trimStart()];
}

/** The descriptors of an entry's header line: `"a@^1", a@^1.2:`. */
function descriptors(header: string, file: string, line: number): string[] {
  const out: string[] = [];
  let rest = header.slice(0, -1).trim();
  while (rest !== '') {
    let value: string;
    if (rest.startsWith('"')) [value, rest] = token(rest, file, line);
    else {
      const comma = rest.indexOf(',');
      value = (comma < 0 ? rest : rest.slice(0, comma)).trim();
      rest = comma < 0 ? '' : rest.slice(comma);
    }
    out.push(value);
    rest = rest.trimStart();
    if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
  }
  return out;
}

/**
 * Reads the yarn v1 lockfile syntax (yarn's own `lockfile/parse.js` grammar as yarn writes it):
 * entries at column 0 ending in `:`, fields indented by two spaces (`version "1.0.0"`), and the
 * dependency maps indented by four. A hand parser: the format is not YAML.
 */
export function parseYarnV1(text: string, file: string): YarnV1Entry[] {
  const entries: YarnV1Entry[] = [];
  let entry: YarnV1Entry | undefined;
  let section: Record<string, string> | undefined;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n] as string;
    const lineNo = n + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    const indent = line.length - content.length;
    if (indent === 0) {
      if (!content.endsWith(':'))
        throw malformed(file, `expected an entry header ending in ":", found "${content}"`, lineNo);
      entry = {
        descriptors: descriptors(content, file, lineNo),
        line: lineNo,
        fields: {},
        dependencies: {},
        optionalDependencies: {},
      };
      entries.push(entry);
      section = undefined;
    } else if (entry === undefined) {
      throw malformed(file, 'indented line before any entry', lineNo);
    } else if (indent === 2) {
      if (content.endsWith(':')) {
        const name = content.slice(0, -1);
        section =
          name === 'dependencies'
            ? entry.dependencies
            : name === 'optionalDependencies'
              ? entry.optionalDependencies
              : {};
        continue;
      }
      section = undefined;
      const [key, rest] = token(content, file, lineNo);
      const [value] = rest === '' ? [''] : token(rest, file, lineNo);
      entry.fields[key] = value;
    } else if (indent === 4 && section !== undefined) {
      const [key, rest] = token(content, file, lineNo);
      const [value] = rest === '' ? [''] : token(rest, file, lineNo);
      section[key] = value;
    } else {
      throw malformed(file, `unexpected indentation of ${indent} spaces`, lineNo);
    }
  }
  for (const e of entries)
    if (e.fields.version === undefined)
      throw malformed(file, `entry "${e.descriptors.join(', ')}" has no version (truncated?)`, e.line);
  return entries;
}
