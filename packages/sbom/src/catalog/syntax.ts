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
 * Parses JSON, reporting a syntax error or a truncation with the line it is on. V8 names the
 * offset (`at position N`) in its message; a cut-short file has none and is reported at its end.
 */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const position = /position (\d+)/.exec(message);
    // A cut-short file fails where the text ends: "Unexpected end of JSON input", or an
    // "Expected …" at a position at or past the last character.
    const truncated =
      /end of (?:JSON|data)/i.test(message) ||
      text.trim() === '' ||
      (position?.[1] !== undefined && Number(position[1]) >= text.trimEnd().length);
    const line = position?.[1] !== undefined ? lineAt(text, Number(position[1])) : lastLine(text);
    throw malformed(
      file,
      truncated ? 'truncated JSON (unexpected end of file)' : `invalid JSON: ${message}`,
      line,
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
