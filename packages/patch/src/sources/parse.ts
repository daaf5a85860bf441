import { PatchError } from '../errors.js';
import { Deb822SyntaxError, parseStanzas } from '../index-model/index.js';
import { type AptSource, parseSignedBy } from './source.js';

function invalid(input: string, line: number | undefined, message: string): PatchError {
  return new PatchError(
    'SOURCES_INVALID',
    'input',
    `${input}${line !== undefined ? `:${line}` : ''}: ${message}`,
    {
      input,
      ...(line !== undefined ? { line } : {}),
      hint: 'see sources.list(5)',
    },
  );
}

function yes(value: string | undefined): boolean {
  return value !== undefined && ['yes', 'true', '1'].includes(value.trim().toLowerCase());
}

function list(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(/[\s,]+/).filter((v) => v !== '');
}

/**
 * The `deb` lines of a one-line-style file (`sources.list`, `*.list`):
 * `deb [ opt=value … ] URI SUITE [COMPONENT…]`. `deb-src` lines and comments are skipped.
 */
export function parseOneLineSources(text: string, input: string): AptSource[] {
  const sources: AptSource[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const match = /^(deb|deb-src)\s+(?:\[([^\]]*)\]\s*)?(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (match === null)
      throw invalid(input, i + 1, `expected "deb [options] URI SUITE [COMPONENT…]", found "${line}"`);
    const [, type, options, uri, suite, rest] = match as unknown as [
      string,
      string,
      string | undefined,
      string,
      string,
      string,
    ];
    if (type !== 'deb') continue;
    const source: AptSource = {
      uri,
      suite,
      components: list(rest),
      trusted: false,
      from: `${input}:${i + 1}`,
    };
    if (!suite.endsWith('/') && source.components.length === 0) {
      throw invalid(input, i + 1, `suite "${suite}" needs at least one component`);
    }
    // Options are separated by spaces; values list items with commas (arch=amd64,i386).
    for (const option of (options ?? '')
      .replace(/\s*=\s*/g, '=')
      .split(/\s+/)
      .filter((o) => o !== '')) {
      const eq = option.indexOf('=');
      if (eq < 0) throw invalid(input, i + 1, `option "${option}" has no value`);
      const key = option.slice(0, eq);
      const value = option.slice(eq + 1);
      if (key === 'arch') source.architectures = value.split(',').filter((a) => a !== '');
      else if (key === 'signed-by') source.signedBy = parseSignedBy(value);
      else if (key === 'trusted') source.trusted = yes(value);
    }
    sources.push(source);
  }
  return sources;
}

/**
 * The enabled `deb` paragraphs of a deb822 `*.sources` file, one AptSource per URI and suite.
 * `Signed-By` may hold an inline armored key.
 */
export function parseDeb822Sources(text: string, input: string): AptSource[] {
  let stanzas: Record<string, string>[];
  try {
    stanzas = parseStanzas(text);
  } catch (error) {
    const line = error instanceof Deb822SyntaxError ? error.line : undefined;
    throw invalid(input, line, (error as Error).message);
  }
  const sources: AptSource[] = [];
  stanzas.forEach((fields, index) => {
    // Field names are case-insensitive in sources files (sources.list(5)).
    const get = (name: string) =>
      Object.entries(fields).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
    if (get('Enabled') !== undefined && !yes(get('Enabled'))) return;
    if (!list(get('Types')).includes('deb')) return;
    const uris = list(get('URIs'));
    const suites = list(get('Suites'));
    if (uris.length === 0 || suites.length === 0) {
      throw invalid(input, undefined, `paragraph ${index + 1} needs URIs and Suites`);
    }
    const components = list(get('Components'));
    const architectures = get('Architectures');
    const signedBy = get('Signed-By');
    for (const uri of uris) {
      for (const suite of suites) {
        if (!suite.endsWith('/') && components.length === 0) {
          throw invalid(input, undefined, `paragraph ${index + 1}: suite "${suite}" needs Components`);
        }
        sources.push({
          uri,
          suite,
          components,
          trusted: yes(get('Trusted')),
          from: `${input} (paragraph ${index + 1})`,
          ...(architectures !== undefined ? { architectures: list(architectures) } : {}),
          ...(signedBy !== undefined ? { signedBy: parseSignedBy(signedBy) } : {}),
        });
      }
    }
  });
  return sources;
}
