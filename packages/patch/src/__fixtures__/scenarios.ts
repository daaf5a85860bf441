// Upgrade scenarios as data: dpkg status and Packages paragraphs, and the apt-get command whose
// plan custody must reproduce. The resolver tests give them to apt with file: repositories, the
// end-to-end tests build them as signed repositories of real .debs.
import type { Fields, OracleCase } from './apt-oracle.js';

/** A paragraph of an amd64 package. */
export const pkg = (Package: string, Version: string, more: Fields = {}): Fields => ({
  Package,
  Version,
  Architecture: 'amd64',
  ...more,
});

/** A case with one suite of amd64 packages. */
export const one = (suite: string, amd64: Fields[], extra: Partial<OracleCase> = {}) => ({
  suites: [{ suite, packages: { amd64 } }],
  nativeArch: 'amd64',
  ...extra,
});

/** Scenarios apt and custody must plan alike: [name, case]. */
export const SCENARIOS: [string, OracleCase][] = [
  [
    'simple upgrade',
    {
      ...one('stable', [pkg('a', '1.0-1'), pkg('a', '1.0-2'), pkg('b', '3.0')]),
      status: [pkg('a', '1.0-1'), pkg('b', '3.0')],
      command: ['dist-upgrade'],
    },
  ],
  [
    'new version depends on a new package',
    {
      ...one('stable', [pkg('a', '2.0', { Depends: 'libnew1 (>= 1.1)' }), pkg('libnew1', '1.1')]),
      status: [pkg('a', '1.0')],
      command: ['dist-upgrade'],
    },
  ],
  [
    'version constraint pulls another upgrade',
    {
      ...one('stable', [
        pkg('a', '2.0', { 'Pre-Depends': 'libb (>= 2.0)' }),
        pkg('libb', '2.0'),
        pkg('c', '5.0'),
      ]),
      status: [pkg('a', '1.0', { Depends: 'libb (>= 1.0)' }), pkg('libb', '1.0'), pkg('c', '4.0')],
      command: ['install', 'a'],
    },
  ],
  [
    'alternatives: first satisfiable alternative',
    {
      ...one('stable', [
        pkg('a', '2.0', { Depends: 'missing | second (>= 2) | third' }),
        pkg('second', '2.0'),
        pkg('third', '1.0'),
      ]),
      status: [pkg('a', '1.0')],
      command: ['install', 'a'],
    },
  ],
  [
    'alternatives: installed alternative upgraded',
    {
      ...one('stable', [
        pkg('a', '2.0', { Depends: 'first | second (>= 2)' }),
        pkg('first', '1.0'),
        pkg('second', '2.0'),
      ]),
      status: [pkg('a', '1.0'), pkg('second', '1.0')],
      command: ['install', 'a'],
    },
  ],
  [
    'versioned Provides',
    {
      ...one('stable', [
        pkg('a', '2.0', { Depends: 'virtual-x (>= 2)' }),
        pkg('old-provider', '1.0', { Provides: 'virtual-x (= 1.0)' }),
        pkg('new-provider', '3.0', { Provides: 'virtual-x (= 2.5), other-virtual' }),
      ]),
      status: [
        pkg('a', '1.0', { Depends: 'virtual-x' }),
        pkg('old-provider', '1.0', { Provides: 'virtual-x (= 1.0)' }),
      ],
      command: ['install', 'a'],
    },
  ],
  [
    'Breaks forces a co-upgrade',
    {
      ...one('stable', [pkg('a', '2.0', { Breaks: 'b (<< 2.0)' }), pkg('b', '2.0')]),
      status: [pkg('a', '1.0'), pkg('b', '1.0')],
      command: ['install', 'a'],
    },
  ],
  [
    'an old Depends (=) forces a reverse co-upgrade',
    {
      ...one('stable', [pkg('libz', '2.0'), pkg('user', '1.1', { Depends: 'libz (= 2.0)' })]),
      status: [pkg('libz', '1.0'), pkg('user', '1.0', { Depends: 'libz (= 1.0)' })],
      command: ['install', 'libz'],
    },
  ],
  [
    'Multi-Arch: same pair moves together',
    {
      nativeArch: 'amd64',
      foreignArchs: ['i386'],
      suites: [
        {
          suite: 'stable',
          packages: {
            amd64: [pkg('libm', '1.1', { 'Multi-Arch': 'same' })],
            i386: [pkg('libm', '1.1', { 'Multi-Arch': 'same', Architecture: 'i386' })],
          },
        },
      ],
      status: [
        pkg('libm', '1.0', { 'Multi-Arch': 'same' }),
        pkg('libm', '1.0', { 'Multi-Arch': 'same', Architecture: 'i386' }),
      ],
      command: ['install', 'libm:amd64'],
    },
  ],
  [
    'Multi-Arch: foreign and :any satisfy other architectures',
    {
      nativeArch: 'amd64',
      foreignArchs: ['i386'],
      suites: [
        {
          suite: 'stable',
          packages: {
            amd64: [
              pkg('tool', '2.0', { 'Multi-Arch': 'foreign' }),
              pkg('perl', '5.36', { 'Multi-Arch': 'allowed' }),
            ],
            i386: [pkg('app', '2.0', { Architecture: 'i386', Depends: 'tool (>= 2.0), perl:any (>= 5.36)' })],
          },
        },
      ],
      status: [
        pkg('tool', '1.0', { 'Multi-Arch': 'foreign' }),
        pkg('perl', '5.32', { 'Multi-Arch': 'allowed' }),
        pkg('app', '1.0', { Architecture: 'i386', Depends: 'tool, perl:any' }),
      ],
      command: ['install', 'app:i386'],
    },
  ],
  [
    'pins: -security and -updates win by version; NotAutomatic stays out; ButAutomaticUpgrades upgrades',
    {
      nativeArch: 'amd64',
      suites: [
        { suite: 'stable', packages: { amd64: [pkg('foo', '1.0-1'), pkg('only-installed', '0.9')] } },
        { suite: 'stable-security', packages: { amd64: [pkg('foo', '1.0-1+deb12u1')] } },
        {
          suite: 'stable-updates',
          packages: { amd64: [pkg('foo', '1.0-1+deb12u2'), pkg('essential-e', '1.1', { Essential: 'yes' })] },
        },
        {
          suite: 'stable-backports',
          notAutomatic: true,
          butAutomaticUpgrades: true,
          packages: { amd64: [pkg('foo', '2.0~bpo12+1'), pkg('bpo-only', '1.1~bpo')] },
        },
        {
          suite: 'experimental',
          notAutomatic: true,
          packages: { amd64: [pkg('foo', '3.0'), pkg('bpo-only', '9.0')] },
        },
      ],
      status: [
        pkg('foo', '1.0-1'),
        pkg('bpo-only', '1.0'),
        pkg('only-installed', '1.0'),
        pkg('essential-e', '1.0', { Essential: 'yes' }),
      ],
      command: ['dist-upgrade'],
    },
  ],
  [
    'pins: target release at 990',
    {
      nativeArch: 'amd64',
      targetRelease: 'stable-backports',
      suites: [
        { suite: 'stable', packages: { amd64: [pkg('foo', '1.0-1')] } },
        { suite: 'stable-updates', packages: { amd64: [pkg('foo', '1.0-2')] } },
        {
          suite: 'stable-backports',
          notAutomatic: true,
          butAutomaticUpgrades: true,
          packages: { amd64: [pkg('foo', '2.0~bpo')] },
        },
      ],
      status: [pkg('foo', '1.0-1')],
      command: ['dist-upgrade'],
    },
  ],
  [
    'preferences: a specific version pin above 1000 downgrades, a negative pin keeps a release out',
    {
      ...one('stable', [
        pkg('foo', '1.0'),
        pkg('foo', '2.0'),
        pkg('bar', '1.0'),
        pkg('libx', '1.5'),
        pkg('libx', '2.0'),
      ]),
      suites: [
        {
          suite: 'stable',
          packages: {
            amd64: [
              pkg('foo', '1.0'),
              pkg('foo', '2.0'),
              pkg('bar', '1.0'),
              pkg('libx', '1.5'),
              pkg('libx', '2.0'),
            ],
          },
        },
        { suite: 'stable-updates', packages: { amd64: [pkg('bar', '1.1')] } },
      ],
      status: [pkg('foo', '2.0'), pkg('bar', '0.9'), pkg('libx', '1.0')],
      preferences: [
        'Package: foo\nPin: version 1.0\nPin-Priority: 1001\n',
        'Explanation: never from updates\nPackage: bar\nPin: release a=stable-updates\nPin-Priority: -1\n',
        'Package: lib*\nPin: version 1.*\nPin-Priority: 990\n',
      ].join('\n'),
      command: ['dist-upgrade'],
    },
  ],
  [
    'dist-upgrade keeps back an upgrade whose dependencies cannot be met, and does the rest',
    {
      ...one('stable', [
        pkg('a', '2.0', { Depends: 'absent-lib (>= 3)' }),
        pkg('b', '2.0'),
        pkg('c', '2.0', { Depends: 'd (= 2.0)' }),
        pkg('d', '2.0', { Depends: 'absent-too' }),
      ]),
      status: [pkg('a', '1.0'), pkg('b', '1.0'), pkg('c', '1.0'), pkg('d', '1.0')],
      command: ['dist-upgrade'],
    },
  ],
  [
    'a held package stays at its version (dpkg selection "hold")',
    {
      ...one('stable', [pkg('a', '2.0'), pkg('held', '2.0')]),
      status: [pkg('a', '1.0'), pkg('held', '1.0', { Status: 'hold ok installed' })],
      command: ['dist-upgrade'],
    },
  ],
  [
    'preferences: a general release pin lifts a NotAutomatic suite',
    {
      nativeArch: 'amd64',
      suites: [
        { suite: 'stable', packages: { amd64: [pkg('foo', '1.0')] } },
        { suite: 'stable-backports', notAutomatic: true, packages: { amd64: [pkg('foo', '2.0~bpo')] } },
      ],
      status: [pkg('foo', '1.0')],
      preferences: 'Package: *\nPin: release a=stable-backports\nPin-Priority: 500\n',
      command: ['dist-upgrade'],
    },
  ],
];
