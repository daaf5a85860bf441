// Expected values written by hand from sources.list(5) (one-line and deb822 formats).
import { describe, expect, it } from 'vitest';
import { parseDeb822Sources, parseOneLineSources } from './parse.js';
import { applyRepositoryOverrides } from './read.js';
import { parseSignedBy, releaseBaseUrl } from './source.js';

describe('one-line sources', () => {
  const cases: [string, string, object[]][] = [
    [
      'plain entry with components',
      'deb http://deb.debian.org/debian bookworm main contrib\n',
      [
        {
          uri: 'http://deb.debian.org/debian',
          suite: 'bookworm',
          components: ['main', 'contrib'],
          trusted: false,
        },
      ],
    ],
    [
      'options: arch list, signed-by, trusted',
      'deb [arch=amd64,i386 signed-by=/usr/share/keyrings/x.gpg trusted=yes] http://r/ s main # note\n',
      [
        {
          uri: 'http://r/',
          suite: 's',
          architectures: ['amd64', 'i386'],
          signedBy: { kind: 'files', paths: ['/usr/share/keyrings/x.gpg'] },
          trusted: true,
        },
      ],
    ],
    ['comments, blank lines and deb-src skipped', '# deb http://x y z\n\ndeb-src http://r s main\n', []],
    [
      'flat repository (suite ends with /), no components',
      'deb [trusted=yes] file:/srv/repo ./\n',
      [{ uri: 'file:/srv/repo', suite: './', components: [] }],
    ],
    [
      'signed-by fingerprints',
      'deb [signed-by=0123456789ABCDEF0123456789ABCDEF01234567] http://r s main\n',
      [{ signedBy: { kind: 'fingerprints', fingerprints: ['0123456789ABCDEF0123456789ABCDEF01234567'] } }],
    ],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    const parsed = parseOneLineSources(text, '/etc/apt/sources.list');
    expect(parsed).toHaveLength(expected.length);
    for (const [i, e] of expected.entries()) expect(parsed[i]).toMatchObject(e);
  });

  it('names the file and line of a malformed entry: SOURCES_INVALID', () => {
    expect(() => parseOneLineSources('deb http://r/\n', '/etc/apt/sources.list')).toThrow(
      expect.objectContaining({
        code: 'SOURCES_INVALID',
        line: 1,
        message: expect.stringContaining('sources.list:1'),
      }),
    );
  });
});

describe('deb822 sources', () => {
  it('splits URIs and Suites into one entry each, and skips disabled and deb-src paragraphs', () => {
    const text = [
      'Types: deb deb-src',
      'URIs: http://deb.debian.org/debian',
      'Suites: bookworm bookworm-updates',
      'Components: main',
      'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
      '',
      'Types: deb',
      'URIs: http://deb.debian.org/debian-security',
      'Suites: bookworm-security',
      'Components: main',
      'Enabled: no',
      '',
      'Types: deb-src',
      'URIs: http://x',
      'Suites: y',
      'Components: main',
      '',
    ].join('\n');
    const parsed = parseDeb822Sources(text, '/etc/apt/sources.list.d/debian.sources');
    expect(parsed.map((s) => `${s.uri} ${s.suite}`)).toEqual([
      'http://deb.debian.org/debian bookworm',
      'http://deb.debian.org/debian bookworm-updates',
    ]);
    expect(parsed[0]!.signedBy).toEqual({
      kind: 'files',
      paths: ['/usr/share/keyrings/debian-archive-keyring.gpg'],
    });
  });

  it('reads an inline armored Signed-By, blank lines written as " ."', () => {
    const text = [
      'Types: deb',
      'URIs: http://r',
      'Suites: s',
      'Components: main',
      'Signed-By:',
      ' -----BEGIN PGP PUBLIC KEY BLOCK-----',
      ' .',
      ' mDMEZ0000',
      ' -----END PGP PUBLIC KEY BLOCK-----',
      '',
    ].join('\n');
    const [source] = parseDeb822Sources(text, 'x.sources');
    expect(source!.signedBy).toEqual({
      kind: 'inline',
      armored: '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEZ0000\n-----END PGP PUBLIC KEY BLOCK-----',
    });
  });

  it('needs URIs and Suites: SOURCES_INVALID', () => {
    expect(() => parseDeb822Sources('Types: deb\nURIs: http://r\n', 'x.sources')).toThrow(
      expect.objectContaining({ code: 'SOURCES_INVALID' }),
    );
  });
});

describe('--repo', () => {
  const image = parseOneLineSources(
    'deb http://deb.debian.org/debian bookworm main\ndeb http://deb.debian.org/debian-security bookworm-security main\n',
    'sources.list',
  );

  it('replaces the image entries of the same suite and adds new suites', () => {
    const merged = applyRepositoryOverrides(image, [
      'deb http://mirror.example/debian bookworm main',
      'http://extra.example/repo stable main',
    ]);
    expect(merged.map((s) => `${s.uri} ${s.suite} ${s.fromCommandLine === true}`)).toEqual([
      'http://deb.debian.org/debian-security bookworm-security false',
      'http://mirror.example/debian bookworm true',
      'http://extra.example/repo stable true',
    ]);
  });
});

describe('URLs and signed-by values', () => {
  it('puts a suite under dists/ and a flat repository at its path', () => {
    expect(releaseBaseUrl({ uri: 'http://r/debian/', suite: 'bookworm' })).toBe(
      'http://r/debian/dists/bookworm/',
    );
    expect(releaseBaseUrl({ uri: 'http://r/flat', suite: 'sub/' })).toBe('http://r/flat/sub/');
  });

  it('splits signed-by paths on commas', () => {
    expect(parseSignedBy('/a.gpg,/b.asc')).toEqual({ kind: 'files', paths: ['/a.gpg', '/b.asc'] });
  });
});
