import type { DocPath } from './positions.js';

/** One problem found in a policy document. */
export interface PolicyIssue {
  path: DocPath;
  message: string;
  /** Point at the key rather than the value (unknown properties). */
  atKey?: boolean;
}

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const MODES = ['enforce', 'warn', 'audit'];
const ON_UNKNOWN = ['fail', 'warn', 'pass'];
const LICENSE_SOURCES = ['concluded-then-declared', 'declared', 'concluded'];
const SCOPES = ['required', 'optional', 'dev'];
const REQUIRED_FIELDS = ['supplier', 'version', 'identifier', 'license', 'hash'];
const IDENTIFIER_KINDS = ['purl', 'cpe', 'hash'];
const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const BASE_RULE_KEYS = ['id', 'kind', 'severity', 'mode', 'description', 'help', 'scopes'];
const RULE_KEYS: Record<string, string[]> = {
  license: [...BASE_RULE_KEYS, 'allow', 'deny', 'onUnknown'],
  component: [...BASE_RULE_KEYS, 'require', 'identifiers', 'allow'],
  package: [...BASE_RULE_KEYS, 'deny'],
};

/** A valid calendar date `YYYY-MM-DD`. */
export function isDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
}

class Checker {
  readonly issues: PolicyIssue[] = [];

  add(path: DocPath, message: string, atKey = false): void {
    this.issues.push(atKey ? { path, message, atKey } : { path, message });
  }

  keys(value: Obj, path: DocPath, allowed: string[], where: string): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.add([...path, key], `unknown property "${key}" in ${where}`, true);
    }
  }

  string(value: Obj, key: string, path: DocPath, required: boolean): string | undefined {
    const v = value[key];
    if (v === undefined) {
      if (required) this.add(path, `missing required property "${key}"`);
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      this.add([...path, key], `"${key}" must be a non-empty string`);
      return undefined;
    }
    return v;
  }

  oneOf(value: Obj, key: string, path: DocPath, options: string[], required = false): void {
    const v = this.string(value, key, path, required);
    if (v !== undefined && !options.includes(v)) {
      this.add([...path, key], `"${key}" must be one of ${options.join(', ')} (found "${v}")`);
    }
  }

  stringList(value: Obj, key: string, path: DocPath, options?: string[]): string[] | undefined {
    const v = value[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.length === 0) {
      this.add([...path, key], `"${key}" must be a non-empty list`);
      return undefined;
    }
    v.forEach((item, i) => {
      if (typeof item !== 'string' || item.trim() === '')
        this.add([...path, key, i], `"${key}" entries must be strings`);
      else if (options !== undefined && !options.includes(item)) {
        this.add([...path, key, i], `"${item}" is not one of ${options.join(', ')}`);
      }
    });
    return v as string[];
  }
}

/**
 * Checks the structure of one policy file (as parsed YAML) the way schema/policy.schema.json
 * does, by hand, so that `policy check` needs no schema validator at run time; `policy lint`
 * runs the schema itself too, and a test holds the two in agreement.
 */
export function checkStructure(document: unknown): PolicyIssue[] {
  const c = new Checker();
  if (!isObject(document)) {
    c.add([], 'a policy must be a YAML mapping with apiVersion, settings, rules and waivers');
    return c.issues;
  }
  c.keys(document, [], ['apiVersion', 'extends', 'settings', 'rules', 'waivers'], 'the policy');
  c.string(document, 'apiVersion', [], true);
  const ext = document.extends;
  if (ext !== undefined && typeof ext !== 'string') {
    if (!Array.isArray(ext) || ext.some((e) => typeof e !== 'string' || e === '')) {
      c.add(['extends'], '"extends" must be a path or a list of paths');
    }
  }
  const settings = document.settings;
  if (settings !== undefined) {
    if (!isObject(settings)) c.add(['settings'], '"settings" must be a mapping');
    else {
      const at = ['settings'];
      c.keys(settings, at, ['licenseSource', 'exceptionsInherit', 'onUnknown', 'waiverWarnDays'], 'settings');
      c.oneOf(settings, 'licenseSource', at, LICENSE_SOURCES);
      c.oneOf(settings, 'onUnknown', at, ON_UNKNOWN);
      if (settings.exceptionsInherit !== undefined && typeof settings.exceptionsInherit !== 'boolean') {
        c.add([...at, 'exceptionsInherit'], '"exceptionsInherit" must be true or false');
      }
      const days = settings.waiverWarnDays;
      if (days !== undefined && (typeof days !== 'number' || !Number.isInteger(days) || days < 0)) {
        c.add([...at, 'waiverWarnDays'], '"waiverWarnDays" must be a whole number of days, 0 or more');
      }
    }
  }
  checkList(c, document, 'rules', (rule, at) => checkRule(c, rule, at));
  checkList(c, document, 'waivers', (waiver, at) => checkWaiver(c, waiver, at));
  return c.issues;
}

function checkList(c: Checker, document: Obj, key: string, each: (item: Obj, at: DocPath) => void): void {
  const list = document[key];
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) {
    c.add([key], `"${key}" must be a list`);
    return;
  }
  list.forEach((item, i) => {
    if (!isObject(item)) c.add([key, i], `each entry of "${key}" must be a mapping`);
    else each(item, [key, i]);
  });
}

function checkRule(c: Checker, rule: Obj, at: DocPath): void {
  const id = c.string(rule, 'id', at, true);
  if (id !== undefined && !RULE_ID.test(id))
    c.add([...at, 'id'], `rule id "${id}" may hold only letters, digits, ".", "_" and "-"`);
  const kind = c.string(rule, 'kind', at, true);
  c.oneOf(rule, 'severity', at, SEVERITIES, true);
  c.oneOf(rule, 'mode', at, MODES);
  c.string(rule, 'description', at, false);
  c.string(rule, 'help', at, false);
  c.stringList(rule, 'scopes', at, SCOPES);
  if (kind === undefined) return;
  const keys = Object.hasOwn(RULE_KEYS, kind) ? RULE_KEYS[kind] : undefined;
  if (keys === undefined) {
    c.add(
      [...at, 'kind'],
      `unknown rule kind "${kind}" (this version knows ${Object.keys(RULE_KEYS).join(', ')})`,
    );
    return;
  }
  c.keys(rule, at, keys, `a ${kind} rule`);
  if (kind === 'license') {
    c.stringList(rule, 'allow', at);
    c.stringList(rule, 'deny', at);
    c.oneOf(rule, 'onUnknown', at, ON_UNKNOWN);
    if ((rule.allow === undefined) === (rule.deny === undefined)) {
      c.add(at, 'a license rule has exactly one of "allow" or "deny"');
    }
  } else if (kind === 'component') {
    c.stringList(rule, 'require', at, REQUIRED_FIELDS);
    c.stringList(rule, 'identifiers', at, IDENTIFIER_KINDS);
    c.stringList(rule, 'allow', at);
    if (rule.require === undefined && rule.allow === undefined) {
      c.add(at, 'a component rule needs "require", "allow" or both');
    }
  } else if (kind === 'package') {
    const deny = rule.deny;
    if (!Array.isArray(deny) || deny.length === 0) {
      c.add(deny === undefined ? at : [...at, 'deny'], 'a package rule needs a non-empty "deny" list');
      return;
    }
    deny.forEach((ban, i) => {
      const where = [...at, 'deny', i];
      if (!isObject(ban)) {
        c.add(where, 'each "deny" entry is a mapping with "purl" and optional "versions", "reason"');
        return;
      }
      c.keys(ban, where, ['purl', 'versions', 'reason'], 'a package ban');
      const purl = c.string(ban, 'purl', where, true);
      if (purl !== undefined && !purl.startsWith('pkg:'))
        c.add([...where, 'purl'], `"${purl}" is not a purl or purl glob (pkg:TYPE/…)`);
      c.string(ban, 'versions', where, false);
      c.string(ban, 'reason', where, false);
    });
  }
}

function checkWaiver(c: Checker, waiver: Obj, at: DocPath): void {
  c.keys(waiver, at, ['rule', 'match', 'reason', 'owner', 'expires'], 'a waiver');
  for (const key of ['rule', 'match', 'reason', 'owner']) c.string(waiver, key, at, true);
  const expires = waiver.expires;
  // YAML reads an unquoted 2026-12-31 as a string under the core schema custody parses with.
  if (expires === undefined) c.add(at, 'missing required property "expires"');
  else if (typeof expires !== 'string' || !isDate(expires)) {
    c.add([...at, 'expires'], '"expires" must be a date YYYY-MM-DD');
  }
}
