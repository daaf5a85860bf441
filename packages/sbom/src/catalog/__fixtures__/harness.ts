import { isCustodyError } from '@custody/core';
import { expect } from 'vitest';
import { MemoryResolver } from '../../resolver/index.js';
import type { ManifestParser, ParsedPackages } from '../cataloger.js';

/** The project id parsers are given in these tests. */
export const ROOT = 'ROOT';

/** Runs a parser on in-memory files (the manifest at `path`, siblings beside it). */
export async function parse(
  parser: ManifestParser,
  path: string,
  files: Record<string, string>,
): Promise<ParsedPackages> {
  const resolver = new MemoryResolver(files);
  return parser(files[path] as string, { path }, { resolver, projectId: ROOT });
}

/** `name@version` of each component, sorted. */
export function packages(parsed: ParsedPackages): string[] {
  return parsed.components.map((c) => `${c.name}@${c.version ?? ''}`).sort();
}

/** Edges as `from -> to kind`, with components named `name@version` and the project `ROOT`. */
export function edges(parsed: ParsedPackages): string[] {
  const names = new Map(parsed.components.map((c) => [c.id, `${c.name}@${c.version ?? ''}`]));
  names.set(ROOT, ROOT);
  return parsed.relationships
    .map((r) => `${names.get(r.from) ?? r.from} -> ${names.get(r.to) ?? r.to} ${r.dependencyKind}`)
    .sort();
}

/** The component named `name@version`. */
export function component(parsed: ParsedPackages, label: string) {
  return parsed.components.find((c) => `${c.name}@${c.version ?? ''}` === label);
}

/** Parses a lockfile that must fail, and checks the error's code, kind and message. */
export async function expectInputError(
  parser: ManifestParser,
  path: string,
  text: string,
  code: string,
  message: RegExp,
): Promise<void> {
  const error = await parse(parser, path, { [path]: text }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isCustodyError(error), 'a CustodyError').toBe(true);
  expect(error).toMatchObject({ code, kind: 'input' });
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toContain('\n');
}
