/**
 * deb822 control data (deb822(5)): paragraphs of `Field: value` lines separated by blank lines,
 * continuation lines starting with a space or tab. Packages indexes of a whole suite hold ~63,000
 * paragraphs (tens of MB), so this parser walks the text once with `indexOf` and keeps only the
 * fields the caller asks for; no regular expression runs per line.
 */

/** One paragraph: field name (as written) to value (continuation lines joined with "\n"). */
export type Stanza = Record<string, string>;

/** Where a malformed line is, for the caller's error (1-based line). */
export class Deb822SyntaxError extends Error {
  override readonly name = 'Deb822SyntaxError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

function lineNumberAt(text: string, position: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < position; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start) {
    const c = text.charCodeAt(e - 1);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    e--;
  }
  return e;
}

/**
 * Calls `onStanza` for every paragraph of `text`, in order. With `keep`, only those fields are
 * stored (field names compared as written: Debian's indexes use the canonical spelling). Lines
 * starting with `#` are comments (deb822(5)). Throws Deb822SyntaxError on a line that is neither a
 * field, a continuation nor blank.
 */
export function forEachStanza(
  text: string,
  onStanza: (stanza: Stanza) => void,
  keep?: ReadonlySet<string>,
): void {
  const length = text.length;
  let position = 0;
  let current: Stanza | undefined;
  let lastField: string | undefined; // the field continuation lines belong to; undefined when skipped
  let fieldsSeen = 0;
  while (position < length) {
    let end = text.indexOf('\n', position);
    if (end < 0) end = length;
    const first = text.charCodeAt(position);
    if (first === 0x20 || first === 0x09) {
      if (isBlank(text, position, end)) {
        if (fieldsSeen > 0 && current !== undefined) onStanza(current);
        current = undefined;
        lastField = undefined;
        fieldsSeen = 0;
      } else {
        if (fieldsSeen === 0) {
          throw new Deb822SyntaxError('continuation line outside a field', lineNumberAt(text, position));
        }
        if (lastField !== undefined && current !== undefined) {
          const valueEnd = trimEnd(text, position, end);
          current[lastField] += `\n${text.slice(position + 1, valueEnd)}`;
        }
      }
    } else if (first === 0x0a || first === 0x0d || position === end) {
      if (isBlank(text, position, end)) {
        if (fieldsSeen > 0 && current !== undefined) onStanza(current);
        current = undefined;
        lastField = undefined;
        fieldsSeen = 0;
      }
    } else if (first !== 0x23 /* # */) {
      const colon = text.indexOf(':', position);
      if (colon < 0 || colon > end) {
        throw new Deb822SyntaxError(
          `expected "Field: value", found "${text.slice(position, Math.min(end, position + 60))}"`,
          lineNumberAt(text, position),
        );
      }
      const name = text.slice(position, colon);
      fieldsSeen++;
      if (current === undefined) current = {};
      if (keep === undefined || keep.has(name)) {
        let valueStart = colon + 1;
        while (
          valueStart < end &&
          (text.charCodeAt(valueStart) === 0x20 || text.charCodeAt(valueStart) === 0x09)
        )
          valueStart++;
        current[name] = text.slice(valueStart, trimEnd(text, valueStart, end));
        lastField = name;
      } else {
        lastField = undefined;
      }
    }
    position = end + 1;
  }
  if (fieldsSeen > 0 && current !== undefined) onStanza(current);
}

/** Every paragraph of `text` as an array (see forEachStanza). */
export function parseStanzas(text: string, keep?: ReadonlySet<string>): Stanza[] {
  const stanzas: Stanza[] = [];
  forEachStanza(text, (stanza) => stanzas.push(stanza), keep);
  return stanzas;
}
