/**
 * Relationship fields (Debian Policy 7.1): `Depends: a (>= 1.2) | b:any, c [amd64] <!nocheck>`.
 * A field is a list of groups (comma), each group a list of alternatives (bar); one alternative
 * names a package with an optional architecture qualifier and an optional version constraint.
 */

/** Version relation operators; the obsolete `<` and `>` mean `<=` and `>=` (Policy 7.1). */
export type RelationOperator = '<<' | '<=' | '=' | '>=' | '>>';

/** One alternative of a relationship: `name[:arch] [(op version)]`. */
export interface Relation {
  name: string;
  /** `any`, `native` or an architecture name; absent when the relation has no qualifier. */
  arch?: string;
  operator?: RelationOperator;
  version?: string;
}

/** A comma-separated group: satisfied when any alternative is. */
export type RelationGroup = Relation[];

/** A malformed relationship field; `text` is the offending part. */
export class RelationSyntaxError extends Error {
  override readonly name = 'RelationSyntaxError';
  constructor(
    message: string,
    readonly text: string,
  ) {
    super(message);
  }
}

const OPERATORS: Record<string, RelationOperator> = {
  '<<': '<<',
  '<=': '<=',
  '=': '=',
  '>=': '>=',
  '>>': '>>',
  '<': '<=',
  '>': '>=',
};

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Where `[arch list]` or `<profiles>` start (outside the version constraint's parentheses). */
function restrictionStart(text: string): number {
  let inParens = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') inParens = true;
    else if (c === ')') inParens = false;
    else if (!inParens && (c === '[' || c === '<')) return i;
  }
  return text.length;
}

/**
 * Parses one alternative. Architecture restrictions `[...]` and build profiles `<...>` belong to
 * source packages' build relations; in binary indexes they do not occur, so they are dropped.
 */
export function parseRelation(raw: string): Relation {
  const text = raw.slice(0, restrictionStart(raw));
  let start = 0;
  while (start < text.length && isSpace(text.charCodeAt(start))) start++;
  let nameEnd = start;
  while (nameEnd < text.length && !isSpace(text.charCodeAt(nameEnd)) && text[nameEnd] !== '(') nameEnd++;
  const qualified = text.slice(start, nameEnd);
  if (qualified === '') throw new RelationSyntaxError('empty package name', raw.trim());
  const relation: Relation = { name: qualified };
  const colon = qualified.indexOf(':');
  if (colon >= 0) {
    relation.name = qualified.slice(0, colon);
    relation.arch = qualified.slice(colon + 1);
  }
  const open = text.indexOf('(', nameEnd);
  if (open >= 0) {
    const close = text.indexOf(')', open);
    if (close < 0) throw new RelationSyntaxError('missing ")"', raw.trim());
    const inner = text.slice(open + 1, close).trim();
    let opEnd = 0;
    while (opEnd < inner.length && '<>='.includes(inner[opEnd] ?? '')) opEnd++;
    const operator = OPERATORS[inner.slice(0, opEnd)];
    const version = inner.slice(opEnd).trim();
    if (operator === undefined || version === '') {
      throw new RelationSyntaxError(`bad version constraint "(${inner})"`, raw.trim());
    }
    relation.operator = operator;
    relation.version = version;
  } else if (text.slice(nameEnd).trim() !== '') {
    throw new RelationSyntaxError(`unexpected "${text.slice(nameEnd).trim()}"`, raw.trim());
  }
  return relation;
}

/** Parses a whole relationship field (`Depends`, `Breaks`, …) into groups of alternatives. */
export function parseRelations(field: string | undefined): RelationGroup[] {
  if (field === undefined || field === '') return [];
  const groups: RelationGroup[] = [];
  for (const part of field.split(',')) {
    if (part.trim() === '') continue;
    groups.push(part.split('|').map(parseRelation));
  }
  return groups;
}

/** The relation as Debian writes it: `name[:arch] (op version)`. */
export function formatRelation(relation: Relation): string {
  const name = relation.arch === undefined ? relation.name : `${relation.name}:${relation.arch}`;
  return relation.operator === undefined ? name : `${name} (${relation.operator} ${relation.version})`;
}

/** A group as Debian writes it: alternatives joined by ` | `. */
export function formatRelationGroup(group: RelationGroup): string {
  return group.map(formatRelation).join(' | ');
}
