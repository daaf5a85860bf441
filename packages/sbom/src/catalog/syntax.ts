import { SbomError } from '../errors.js';

/** The 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The number of lines of a text (the line a truncation is reported at). */
export function lastLine(text: string): number {
  return lineAt(text, text.trimEnd().length);
}

/** A malformed-lockfile error naming the file and, when known, the line. */
export function malformed(file: string, what: string, line?: number): SbomError {
  const where = line !== undefined ? `${file}:${line}` : file;
  return new SbomError('MALFORMED_LOCKFILE', 'input', `${where}: ${what}`, {
    input: file,
    ...(line !== undefined ? { line } : {}),
    hint: 'regenerate the lockfile with its package manager',
  });
}

/** An unknown-version error naming the file, the version found and the versions read. */
export function unsupportedVersion(file: string, found: string, supported: string): SbomError {
  return new SbomError(
    'UNSUPPORTED_LOCKFILE_VERSION',
    'input',
    `${file}: lockfile version ${found} is not supported (custody reads ${supported})`,
    {
      input: file,
      found,
      expected: supported,
      hint: 'regenerate the lockfile with a supported package manager',
    },
  );
}

/**
 * The offset of the first JSON syntax error in `text` (RFC 8259 grammar), or `text.length` when it
 * ends early. V8 names the position in some messages but not in others (`Unexpected token '}',
 * "…" is not valid JSON`), so on failure the text is scanned again to find the line.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = (): void => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else {
      const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
      if (number === null) fail();
      else i += number[0].length;
    }
  };
  try {
    value();
    space();
    return Math.min(i, text.length);
  } catch (offset) {
    return typeof offset === 'number' ? offset : text.length;
  }
}

/**
 * Parses JSON, reporting a syntax error or a truncation with the line it is on. V8's messages
 * sometimes lack the position and quote the surrounding text, newlines included, so the error is
 * located by scanning (jsonErrorOffset) and named by its character: the message stays one line.
 */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text);
    // A cut-short file fails where the text ends.
    if (offset >= text.trimEnd().length)
      throw malformed(file, 'truncated JSON (unexpected end of file)', lastLine(text));
    const column = offset - text.lastIndexOf('\n', offset - 1);
    throw malformed(
      file,
      `invalid JSON: unexpected ${JSON.stringify(text[offset])} at column ${column}`,
      lineAt(text, offset),
    );
  }
}

/** A JSON object, or a malformed-lockfile error saying the file is not one. */
export function expectObject(value: unknown, file: string, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw malformed(file, `${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * JSONC as bun.lock writes it: JSON with trailing commas (and, tolerated, comments). Commas and
 * comments are blanked rather than removed so that parse positions still point at the right line.
 */
export function parseJsonc(text: string, file: string): unknown {
  const chars = text.split('');
  let inString = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '/' && chars[i + 1] === '/') {
      while (i < chars.length && chars[i] !== '\n') chars[i++] = ' ';
    } else if (c === '/' && chars[i + 1] === '*') {
      while (i < chars.length && !(chars[i] === '*' && chars[i + 1] === '/')) {
        if (chars[i] !== '\n') chars[i] = ' ';
        i++;
      }
      if (i < chars.length) chars[i] = chars[i + 1] = ' ';
    } else if (c === ',') {
      let j = i + 1;
      while (j < chars.length && /\s/.test(chars[j] ?? '')) j++;
      if (chars[j] === '}' || chars[j] === ']') chars[i] = ' ';
    }
  }
  return parseJson(chars.join(''), file);
}
