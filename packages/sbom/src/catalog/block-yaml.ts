/**
 * A fast reader for the YAML that package managers write: block mappings and sequences indented
 * by spaces, quoted or plain scalars, and one-line flow collections (`{integrity: sha512-…}`,
 * `[x64]`). pnpm-lock.yaml and yarn Berry's yarn.lock use nothing else, and this reads the vite
 * lockfile several times faster than a general YAML parser. Anything outside that subset (anchors,
 * tags, block scalars, multi-line flows) throws `OutsideSubset`, and the caller falls back to the
 * `yaml` library, which also gives exact error positions.
 */
export class OutsideSubset extends Error {}

type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

interface Line {
  indent: number;
  text: string;
}

const PLAIN_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

function plainScalar(text: string): Value {
  if (text === '' || text === '~' || text === 'null') return null;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (PLAIN_NUMBER.test(text)) return Number(text);
  const first = text.charCodeAt(0);
  // & anchor, * alias, ! tag, | and > block scalars, ? complex key, % directive, @ and ` reserved.
  if (
    first === 38 ||
    first === 42 ||
    first === 33 ||
    first === 124 ||
    first === 62 ||
    first === 63 ||
    first === 37 ||
    first === 96
  )
    throw new OutsideSubset(text);
  // ` #` starts a comment; `: ` cannot appear in a plain scalar (YAML 1.2 §7.3.3).
  if (text.includes(' #') || text.includes(': ') || text.endsWith(':')) throw new OutsideSubset(text);
  return text;
}

/**
 * Where the last `quoted` or `flowValue` call stopped: the index after what it read. A shared
 * cursor rather than `[value, index]` pairs: the parse runs once per scan, before V8 optimizes it,
 * and unoptimized array destructuring goes through the iterator protocol for every value.
 */
let after = 0;

/** A quoted scalar starting at `text[start]`; `after` is set to the index after it. */
function quoted(text: string, start: number): string {
  const quote = text[start];
  if (quote === "'") {
    let out = '';
    let i = start + 1;
    for (;;) {
      const end = text.indexOf("'", i);
      if (end < 0) throw new OutsideSubset(text);
      out += text.slice(i, end);
      if (text[end + 1] === "'") {
        out += "'";
        i = end + 2;
      } else {
        after = end + 1;
        return out;
      }
    }
  }
  let i = start + 1;
  let escaped = false;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      escaped = true;
      i++;
    } else if (c === '"') break;
  }
  if (i >= text.length) throw new OutsideSubset(text);
  const body = text.slice(start + 1, i);
  after = i + 1;
  if (!escaped) return body;
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    throw new OutsideSubset(text);
  }
}

/** A flow collection or scalar at `text[i]`, inside a flow context; `after` is set past it. */
function flowValue(text: string, i: number): Value {
  while (text[i] === ' ') i++;
  const c = text[i];
  if (c === '{') {
    const out: Record<string, Value> = {};
    i++;
    for (;;) {
      while (text[i] === ' ') i++;
      if (text[i] === '}') {
        after = i + 1;
        return out;
      }
      let key: string;
      if (text[i] === "'" || text[i] === '"') {
        key = quoted(text, i);
        i = after;
      } else {
        const colon = text.indexOf(':', i);
        if (colon < 0) throw new OutsideSubset(text);
        key = text.slice(i, colon).trim();
        i = colon;
      }
      while (text[i] === ' ') i++;
      if (text[i] !== ':') throw new OutsideSubset(text);
      out[key] = flowValue(text, i + 1);
      i = after;
      while (text[i] === ' ') i++;
      if (text[i] === ',') i++;
      else if (text[i] !== '}') throw new OutsideSubset(text);
    }
  }
  if (c === '[') {
    const out: Value[] = [];
    i++;
    for (;;) {
      while (text[i] === ' ') i++;
      if (text[i] === ']') {
        after = i + 1;
        return out;
      }
      out.push(flowValue(text, i));
      i = after;
      while (text[i] === ' ') i++;
      if (text[i] === ',') i++;
      else if (text[i] !== ']') throw new OutsideSubset(text);
    }
  }
  if (c === "'" || c === '"') return quoted(text, i);
  let end = i;
  while (end < text.length && text[end] !== ',' && text[end] !== '}' && text[end] !== ']') end++;
  after = end;
  return plainScalar(text.slice(i, end).trim());
}

/** A scalar or flow value that makes up the rest of a line. */
function inlineValue(text: string): Value {
  const c = text[0];
  if (c === '{' || c === '[' || c === "'" || c === '"') {
    const value = c === "'" || c === '"' ? quoted(text, 0) : flowValue(text, 0);
    if (text.slice(after).trim() !== '') throw new OutsideSubset(text);
    return value;
  }
  return plainScalar(text);
}

/** Splits `key: value` (the key plain or quoted); undefined when the line is not a mapping entry. */
function splitEntry(text: string): [string, string] | undefined {
  if (text[0] === "'" || text[0] === '"') {
    const key = quoted(text, 0);
    if (text[after] !== ':') throw new OutsideSubset(text);
    return [key, text.slice(after + 1).trim()];
  }
  let colon = text.indexOf(': ');
  if (colon < 0) colon = text.endsWith(':') ? text.length - 1 : -1;
  if (colon < 0) return undefined;
  return [text.slice(0, colon), text.slice(colon + 1).trim()];
}

/** Parses the block-style YAML subset into plain values. */
export function parseBlockYaml(source: string): Value {
  const lines: Line[] = [];
  for (const raw of source.split('\n')) {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    let indent = 0;
    while (text.charCodeAt(indent) === 32) indent++;
    if (indent === text.length || text[indent] === '#') continue;
    if (text[indent] === '\t') throw new OutsideSubset('tab indentation');
    if (indent === 0 && (text === '---' || text === '...' || text.startsWith('--- ')))
      throw new OutsideSubset('document marker');
    lines.push({ indent, text: text.slice(indent).trimEnd() });
  }
  let index = 0;
  const block = (indent: number): Value => {
    const first = lines[index];
    if (first === undefined || first.indent < indent) return null;
    const at = first.indent;
    if (first.text === '-' || first.text.startsWith('- ')) {
      const out: Value[] = [];
      while (index < lines.length) {
        const line = lines[index] as Line;
        if (line.indent < at) break;
        if (line.indent > at || !(line.text === '-' || line.text.startsWith('- ')))
          throw new OutsideSubset(line.text);
        const rest = line.text.slice(1).trim();
        index++;
        if (rest === '') out.push(block(at + 1));
        else if (rest[0] === "'" || rest[0] === '"' || rest[0] === '{' || rest[0] === '[')
          out.push(inlineValue(rest));
        // `- key: value` starts a mapping inside the sequence: not written by lockfiles.
        else if (splitEntry(rest) !== undefined) throw new OutsideSubset(rest);
        else out.push(inlineValue(rest));
      }
      return out;
    }
    const out: Record<string, Value> = {};
    while (index < lines.length) {
      const line = lines[index] as Line;
      if (line.indent < at) break;
      if (line.indent > at) throw new OutsideSubset(line.text);
      const entry = splitEntry(line.text);
      if (entry === undefined) throw new OutsideSubset(line.text);
      index++;
      const rest = entry[1];
      out[entry[0]] = rest === '' ? block(at + 1) : inlineValue(rest);
    }
    return out;
  };
  const value = block(0);
  if (index < lines.length) throw new OutsideSubset(lines[index]?.text ?? '');
  return value;
}

/**
 * The documents of a multi-document stream, split at `---` lines. pnpm 10 and later write the
 * lockfile of the package manager itself (`configDependencies`, `packageManagerDependencies`) as
 * a first document before the project's.
 */
export function splitYamlDocuments(source: string): string[] {
  if (!source.startsWith('---') && !source.includes('\n---')) return [source];
  return source.split(/^---[ \t]*$/m).filter((doc) => doc.trim() !== '');
}
