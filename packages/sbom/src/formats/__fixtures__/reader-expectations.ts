import { expect } from 'vitest';
import { effectiveLicense } from '../../license/effective.js';
import type { Component, ComponentScope, HashAlgorithm, RelationshipType, Sbom } from '../../model/index.js';

/** What a test expects of one named component, written by hand from reading the file. */
export interface ComponentExpectation {
  /** `name`, or `name@version` where the name alone is ambiguous. */
  ref: string;
  version?: string;
  group?: string;
  purl?: string;
  /** The license that counts (concluded, else declared), normalized. */
  license?: string;
  /** What the file said, when normalization changed it. */
  licenseRaw?: string;
  supplier?: string;
  hashes?: HashAlgorithm[];
  scope?: ComponentScope;
  cpe?: string;
}

/** What a test expects of one SBOM file, written by hand from reading it. */
export interface FileExpectation {
  file: string;
  format: 'spdx' | 'cyclonedx';
  specVersion: string;
  components: number;
  files?: number;
  relationships?: Partial<Record<RelationshipType, number>>;
  /** Names of the described components (paths of described files). */
  describes: string[];
  named: ComponentExpectation[];
  /** Edges as [from ref, type, to ref]. */
  edges?: [string, RelationshipType, string][];
  warnings?: RegExp[];
  /** What else to check. */
  also?: (sbom: Sbom) => void;
}

/** The one component a ref names; fails the test when none or several match. */
export function component(sbom: Sbom, ref: string): Component {
  const at = ref.lastIndexOf('@');
  const byName = sbom.components.filter((c) => c.name === ref);
  const matches =
    byName.length > 0 || at <= 0
      ? byName
      : sbom.components.filter((c) => c.name === ref.slice(0, at) && c.version === ref.slice(at + 1));
  expect(
    matches.map((c) => `${c.name}@${c.version}`),
    `components named ${ref}`,
  ).toHaveLength(1);
  return matches[0] as Component;
}

/** Checks a read SBOM against a hand-written expectation. */
export function checkExpectation(sbom: Sbom, expected: FileExpectation): void {
  expect(sbom.source?.format).toBe(expected.format);
  expect(sbom.source?.specVersion).toBe(expected.specVersion);
  expect(sbom.components).toHaveLength(expected.components);
  if (expected.files !== undefined) expect(sbom.files?.length ?? 0).toBe(expected.files);
  for (const [type, count] of Object.entries(expected.relationships ?? {})) {
    expect(
      sbom.relationships.filter((r) => r.type === type),
      `${type} edges`,
    ).toHaveLength(count);
  }
  const described = sbom.describes.map(
    (id) =>
      sbom.components.find((c) => c.id === id)?.name ?? sbom.files?.find((f) => f.id === id)?.path ?? id,
  );
  expect(described.sort()).toEqual([...expected.describes].sort());
  for (const want of expected.named) {
    const got = component(sbom, want.ref);
    if (want.version !== undefined) expect(got.version, `${want.ref} version`).toBe(want.version);
    if (want.group !== undefined) expect(got.group, `${want.ref} group`).toBe(want.group);
    if (want.purl !== undefined) expect(got.purl, `${want.ref} purl`).toBe(want.purl);
    if (want.cpe !== undefined) expect(got.cpes, `${want.ref} cpes`).toContain(want.cpe);
    const license = effectiveLicense(got.licenses);
    if (want.license !== undefined) expect(license?.expression, `${want.ref} license`).toBe(want.license);
    if (want.licenseRaw !== undefined) {
      expect(license?.raw, `${want.ref} license as written`).toBe(want.licenseRaw);
      expect(license?.normalization?.length ?? 0, `${want.ref} normalization steps`).toBeGreaterThan(0);
    }
    if (want.supplier !== undefined) expect(got.supplier?.name, `${want.ref} supplier`).toBe(want.supplier);
    if (want.hashes !== undefined)
      expect(
        got.hashes?.map((h) => h.algorithm),
        `${want.ref} hashes`,
      ).toEqual(want.hashes);
    if (want.scope !== undefined) expect(got.scope, `${want.ref} scope`).toBe(want.scope);
  }
  for (const [from, type, to] of expected.edges ?? []) {
    const a = component(sbom, from).id;
    const b = component(sbom, to).id;
    expect(
      sbom.relationships.some((r) => r.from === a && r.to === b && r.type === type),
      `${from} ${type} ${to}`,
    ).toBe(true);
  }
  for (const pattern of expected.warnings ?? []) {
    expect(
      sbom.warnings?.some((w) => pattern.test(w)),
      `a warning matching ${pattern}`,
    ).toBe(true);
  }
  expected.also?.(sbom);
}
