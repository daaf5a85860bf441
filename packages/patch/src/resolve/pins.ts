import type { Stanza } from '../index-model/index.js';
import type { PackageOrigin } from './universe.js';

/** A string matcher as apt_preferences(5) writes them: exact, a glob (`*`, `?`), or `/regex/`. */
export type Matcher = (value: string) => boolean;

/** What a pin selects: versions by release keys, by version string, or by the repository's host. */
export type PinSelector =
  | { kind: 'release'; conditions: [key: string, match: Matcher][] }
  | { kind: 'version'; match: Matcher }
  | { kind: 'origin'; host: string };

/** One record of /etc/apt/preferences: which packages, which versions, what priority. */
export interface PinRule {
  /** Undefined for `Package: *` (a general pin, applied per repository). */
  packages?: Matcher;
  selector: PinSelector;
  priority: number;
}

/** A malformed preferences record; `record` is its 1-based position. */
export class PinSyntaxError extends Error {
  override readonly name = 'PinSyntaxError';
  constructor(
    message: string,
    readonly record: number,
  ) {
    super(message);
  }
}

/** apt's matcher: `/re/` is a regular expression, a string with `*`, `?` or `[` a glob. */
export function matcher(pattern: string): Matcher {
  if (pattern.length > 1 && pattern.startsWith('/') && pattern.endsWith('/')) {
    const re = new RegExp(pattern.slice(1, -1));
    return (value) => re.test(value);
  }
  if (/[*?[]/.test(pattern)) {
    const source = pattern
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    const re = new RegExp(`^${source}$`);
    return (value) => re.test(value);
  }
  return (value) => value === pattern;
}

function unquote(value: string): string {
  const v = value.trim();
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

function selectorOf(pin: string, record: number): PinSelector {
  const space = pin.indexOf(' ');
  const kind = space < 0 ? pin : pin.slice(0, space);
  const rest = space < 0 ? '' : pin.slice(space + 1).trim();
  if (kind === 'version') return { kind: 'version', match: matcher(rest) };
  if (kind === 'origin') return { kind: 'origin', host: unquote(rest) };
  if (kind === 'release') {
    const conditions: [string, Matcher][] = [];
    const parts = rest
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    for (const part of parts) {
      const equals = part.indexOf('=');
      // A bare value is the version (`Pin: release 12`), as apt reads it.
      if (equals < 0) conditions.push(['v', matcher(unquote(part))]);
      else conditions.push([part.slice(0, equals).trim(), matcher(unquote(part.slice(equals + 1)))]);
    }
    return { kind: 'release', conditions };
  }
  throw new PinSyntaxError(`unknown pin "${pin}" (expected release, version or origin)`, record);
}

/** Parses preferences paragraphs (apt_preferences(5)) into rules, in file order. */
export function pinRulesOf(stanzas: Stanza[]): PinRule[] {
  const rules: PinRule[] = [];
  stanzas.forEach((stanza, i) => {
    const record = i + 1;
    const packageField = stanza.Package?.trim();
    const pin = stanza.Pin?.trim();
    const priorityText = stanza['Pin-Priority']?.trim();
    if (packageField === undefined || pin === undefined || priorityText === undefined) {
      throw new PinSyntaxError('a record needs Package, Pin and Pin-Priority', record);
    }
    const priority = Number(priorityText);
    if (!Number.isInteger(priority))
      throw new PinSyntaxError(`Pin-Priority "${priorityText}" is not an integer`, record);
    const selector = selectorOf(pin, record);
    const names = packageField.split(/\s+/);
    if (names.length === 1 && names[0] === '*') {
      rules.push({ selector, priority });
      return;
    }
    const matchers = names.map(matcher);
    rules.push({ packages: (name) => matchers.some((m) => m(name)), selector, priority });
  });
  return rules;
}

function hostOf(uri: string): string {
  try {
    return new URL(uri).hostname;
  } catch {
    return '';
  }
}

/** Whether a pin selects versions from `origin` (release and origin pins). */
export function selectsOrigin(selector: PinSelector, origin: PackageOrigin): boolean {
  if (selector.kind === 'origin') return hostOf(origin.baseUri) === selector.host;
  if (selector.kind !== 'release') return false;
  const release = origin.release;
  const values: Record<string, string | undefined> = {
    a: release.suite,
    archive: release.suite,
    n: release.codename,
    codename: release.codename,
    o: release.origin,
    origin: release.origin,
    l: release.label,
    label: release.label,
    c: origin.component,
    component: origin.component,
    v: release.version,
    version: release.version,
    b: origin.architecture,
  };
  return selector.conditions.every(([key, match]) => {
    const value = values[key];
    return value !== undefined && match(value);
  });
}
