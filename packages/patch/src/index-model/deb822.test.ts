import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithReference, requireReferenceData } from '#test-helpers';
import { Deb822SyntaxError, parseStanzas } from './deb822.js';
import { INDEX_FIELDS, PackageVersion } from './package.js';
import { formatRelationGroup, parseRelations } from './relations.js';

const RELATION_FIELDS = ['Depends', 'Pre-Depends', 'Provides', 'Breaks', 'Conflicts', 'Replaces'] as const;

// python3-apt (libapt-pkg's own TagFile and ParseDepends) is the oracle for both the paragraph
// split and the relationship syntax. apt_pkg writes `<<`/`>>` as `<`/`>` and `<`/`>` as `<=`/`>=`.
const APT_ORACLE = `
import apt_pkg, json, sys
apt_pkg.init()
fields = sys.argv[2].split(',')
out = []
with open(sys.argv[1]) as f:
    for section in apt_pkg.TagFile(f):
        entry = {'Package': section.get('Package'), 'Version': section.get('Version'),
                 'Architecture': section.get('Architecture'), 'Filename': section.get('Filename'),
                 'SHA256': section.get('SHA256'), 'Size': section.get('Size')}
        for name in fields:
            if name in section:
                entry[name] = apt_pkg.parse_depends(section[name], False)
        out.append(entry)
json.dump(out, sys.stdout)
`;

type AptRelation = [string, string, string];
const APT_OPERATOR: Record<string, string> = { '<<': '<', '>>': '>', '<=': '<=', '>=': '>=', '=': '=' };

describeWithReference(
  'deb822 parsing of the real bookworm-security Packages, against python3-apt',
  ['patch/debian/bookworm-security-main-amd64-Packages.xz'],
  () => {
    // Read in setup, not while collecting: a skipped suite's body is still collected.
    let oracle: Record<string, unknown>[];
    let stanzas: ReturnType<typeof parseStanzas>;
    beforeAll(() => {
      const xz = requireReferenceData('patch/debian/bookworm-security-main-amd64-Packages.xz');
      const text = execFileSync('xz', ['-dc', xz], { maxBuffer: 64 << 20 }).toString('utf8');
      const path = `${process.env.TMPDIR ?? '/tmp'}/custody-packages-${process.pid}`;
      execFileSync('sh', ['-c', `xz -dc "$1" > "$2"`, 'sh', xz, path]);
      oracle = JSON.parse(
        execFileSync('/usr/bin/python3', ['-c', APT_ORACLE, path, RELATION_FIELDS.join(',')], {
          maxBuffer: 256 << 20,
        }).toString('utf8'),
      ) as Record<string, unknown>[];
      execFileSync('rm', ['-f', path]);
      stanzas = parseStanzas(text, INDEX_FIELDS);
    });

    it('splits the 3,020 paragraphs the index README counts, as apt does', () => {
      expect(oracle).toHaveLength(3020);
      expect(stanzas).toHaveLength(oracle.length);
      for (const [i, stanza] of stanzas.entries()) {
        const expected = oracle[i]!;
        for (const field of ['Package', 'Version', 'Architecture', 'Filename', 'SHA256', 'Size']) {
          expect(stanza[field], `${field} of paragraph ${i}`).toBe(expected[field] ?? undefined);
        }
      }
    });

    it('parses every relationship field as libapt-pkg does', () => {
      let compared = 0;
      for (const [i, stanza] of stanzas.entries()) {
        const version = new PackageVersion(stanza);
        for (const field of RELATION_FIELDS) {
          const expected = (oracle[i]![field] as AptRelation[][] | undefined) ?? [];
          const ours = version
            .relations(field)
            .map((group) =>
              group.map((r) => [
                r.arch === undefined ? r.name : `${r.name}:${r.arch}`,
                r.version ?? '',
                r.operator === undefined ? '' : APT_OPERATOR[r.operator],
              ]),
            );
          expect(ours, `${field} of ${version}`).toEqual(expected);
          compared += expected.length;
        }
      }
      expect(compared).toBeGreaterThan(10_000);
    });
  },
);

describe('deb822 paragraphs', () => {
  it('joins continuation lines, skips comments and unkept fields', () => {
    const text = '# comment\nPackage: a\nDescription: one\n two\nConffiles:\n /etc/a 123\n\n\n\nPackage: b\n';
    expect(parseStanzas(text)).toEqual([
      { Package: 'a', Description: 'one\ntwo', Conffiles: '\n/etc/a 123' },
      { Package: 'b' },
    ]);
    expect(parseStanzas(text, new Set(['Package']))).toEqual([{ Package: 'a' }, { Package: 'b' }]);
  });

  it('names the line of a malformed field', () => {
    const error = (() => {
      try {
        parseStanzas('Package: a\nVersion 1\n');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(Deb822SyntaxError);
    expect((error as Deb822SyntaxError).line).toBe(2);
  });
});

describe('relationship fields', () => {
  it.each([
    ['a (>= 1.2) | b:any, c (<< 2)', 'a (>= 1.2) | b:any, c (<< 2)'],
    ['libc6 (> 2.36)', 'libc6 (>= 2.36)'],
    ['foo:amd64 (>>1:2.0~rc1) [amd64 i386] <!nocheck>', 'foo:amd64 (>> 1:2.0~rc1)'],
    ['  x ,\n y  ', 'x, y'],
  ])('%s', (field, formatted) => {
    expect(parseRelations(field).map(formatRelationGroup).join(', ')).toBe(formatted);
  });
});
