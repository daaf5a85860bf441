import { describe, expect, it } from 'vitest';
import { parseSbom } from '../../read.js';

/** An SPDX 2.3 document of packages a…f whose relationships are given as `A TYPE B` lines. */
function document(relationships: string[], comments: Record<string, string> = {}): string {
  const names = ['app', 'a', 'b', 'c', 'd', 'e'];
  return JSON.stringify({
    spdxVersion: 'SPDX-2.3',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: 'scopes',
    dataLicense: 'CC0-1.0',
    documentNamespace: 'https://example.com/scopes',
    creationInfo: { created: '2024-01-01T00:00:00Z', creators: ['Person: Jane Doe'] },
    packages: names.map((n) => ({ SPDXID: `SPDXRef-${n}`, name: n, downloadLocation: 'NOASSERTION' })),
    relationships: [
      { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-app' },
      ...relationships.map((line) => {
        const [left, type, right] = line.split(' ') as [string, string, string];
        const comment = comments[line];
        return {
          spdxElementId: `SPDXRef-${left}`,
          relationshipType: type,
          relatedSpdxElement: `SPDXRef-${right}`,
          ...(comment !== undefined ? { comment } : {}),
        };
      }),
    ],
  });
}

function scopes(text: string): Record<string, string | undefined> {
  return Object.fromEntries(parseSbom(text).components.map((c) => [c.name, c.scope]));
}

describe('scope from SPDX edges', () => {
  it('dev when every path crosses a dev edge; optional when every path crosses an optional one', () => {
    const text = document([
      'a DEV_DEPENDENCY_OF app', // app -dev-> a
      'app DEPENDS_ON b',
      'a DEPENDS_ON c', // c only through dev a
      'b DEPENDS_ON d',
      'a DEPENDS_ON d', // d also through b: shipped
      'e OPTIONAL_DEPENDENCY_OF b', // b -optional-> e
    ]);
    expect(scopes(text)).toEqual({
      app: undefined,
      a: 'dev',
      b: undefined,
      c: 'dev',
      d: undefined,
      e: 'optional',
    });
  });

  it('build and test dependencies: test is dev, build is not (it may ship compiled in)', () => {
    const text = document(['a TEST_DEPENDENCY_OF app', 'b BUILD_DEPENDENCY_OF app', 'app DEPENDS_ON c']);
    expect(scopes(text)).toMatchObject({ a: 'dev', b: undefined, c: undefined });
  });

  it('reads edge kinds, and the peer dependencies custody writes as a comment', () => {
    const text = document(['a DEV_DEPENDENCY_OF app', 'app DEPENDS_ON b', 'c OPTIONAL_DEPENDENCY_OF app'], {
      'app DEPENDS_ON b': 'peer dependency',
    });
    const sbom = parseSbom(text);
    const kinds = sbom.relationships
      .map((r) => `${r.from.slice(8)}>${r.to.slice(8)}:${r.dependencyKind}`)
      .sort();
    expect(kinds).toEqual(['app>a:dev', 'app>b:peer', 'app>c:optional']);
  });

  it('leaves scope alone when the document has no dev or optional edge', () => {
    expect(Object.values(scopes(document(['app DEPENDS_ON a', 'a DEPENDS_ON b'])))).toEqual(
      Array(6).fill(undefined),
    );
  });
});
