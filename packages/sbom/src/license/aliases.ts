import { lookupTable } from './table.js';

/**
 * License names that real manifests and SBOMs write instead of SPDX ids, mapped to the id they
 * unambiguously mean. Keys are lower-case with single spaces. Sources: Maven POM `<name>`s as
 * Maven Central publishes them, Debian copyright short names (DEP-5 §License specification),
 * npm's legacy names, and the SPDX License List's own full names. Names that stay ambiguous
 * (`BSD`, `GPL` without a version) are deliberately absent: they become `LicenseRef-`s.
 */
const ALIASES = lookupTable<string>({
  // Apache
  apache2: 'Apache-2.0',
  'apache 2': 'Apache-2.0',
  'apache-2': 'Apache-2.0',
  'apache 2.0': 'Apache-2.0',
  'apache license 2.0': 'Apache-2.0',
  'apache license v2': 'Apache-2.0',
  'apache license v2.0': 'Apache-2.0',
  'apache license version 2.0': 'Apache-2.0',
  'apache license, version 2.0': 'Apache-2.0',
  'apache software license 2.0': 'Apache-2.0',
  'apache software license, version 2.0': 'Apache-2.0',
  'the apache license, version 2.0': 'Apache-2.0',
  'the apache software license, version 2.0': 'Apache-2.0',
  'asl 2.0': 'Apache-2.0',
  asl2: 'Apache-2.0',
  'apache license 1.1': 'Apache-1.1',
  // MIT family
  'mit license': 'MIT',
  'the mit license': 'MIT',
  'mit-license': 'MIT',
  expat: 'MIT',
  'expat license': 'MIT',
  'bouncy castle licence': 'MIT',
  // BSD with the clause count named
  'new bsd': 'BSD-3-Clause',
  'new bsd license': 'BSD-3-Clause',
  'modified bsd license': 'BSD-3-Clause',
  'revised bsd license': 'BSD-3-Clause',
  'bsd 3-clause': 'BSD-3-Clause',
  'bsd-3': 'BSD-3-Clause',
  '3-clause bsd license': 'BSD-3-Clause',
  'bsd 3-clause license': 'BSD-3-Clause',
  'the bsd 3-clause license': 'BSD-3-Clause',
  'simplified bsd': 'BSD-2-Clause',
  'simplified bsd license': 'BSD-2-Clause',
  'freebsd license': 'BSD-2-Clause',
  'bsd 2-clause': 'BSD-2-Clause',
  'bsd-2': 'BSD-2-Clause',
  '2-clause bsd license': 'BSD-2-Clause',
  'bsd 2-clause license': 'BSD-2-Clause',
  // GNU
  gplv2: 'GPL-2.0-only',
  'gpl v2': 'GPL-2.0-only',
  'gpl-2': 'GPL-2.0-only',
  gpl2: 'GPL-2.0-only',
  'gplv2+': 'GPL-2.0-or-later',
  'gpl-2+': 'GPL-2.0-or-later',
  gplv3: 'GPL-3.0-only',
  'gpl v3': 'GPL-3.0-only',
  'gpl-3': 'GPL-3.0-only',
  gpl3: 'GPL-3.0-only',
  'gplv3+': 'GPL-3.0-or-later',
  'gpl-3+': 'GPL-3.0-or-later',
  'gnu general public license v2.0 only': 'GPL-2.0-only',
  'gnu general public license v2.0 or later': 'GPL-2.0-or-later',
  'gnu general public license v3.0 only': 'GPL-3.0-only',
  'gnu general public license v3.0 or later': 'GPL-3.0-or-later',
  'gnu general public license, version 2': 'GPL-2.0-only',
  'gnu general public license, version 3': 'GPL-3.0-only',
  'lgplv2.1': 'LGPL-2.1-only',
  'lgpl-2.1+': 'LGPL-2.1-or-later',
  'lgplv2.1+': 'LGPL-2.1-or-later',
  lgplv3: 'LGPL-3.0-only',
  'lgpl-3': 'LGPL-3.0-only',
  'lgplv3+': 'LGPL-3.0-or-later',
  'lgpl-3+': 'LGPL-3.0-or-later',
  'gnu lesser general public license v2.1 only': 'LGPL-2.1-only',
  'gnu lesser general public license v2.1 or later': 'LGPL-2.1-or-later',
  'gnu lesser general public license v3.0 only': 'LGPL-3.0-only',
  'gnu lesser general public license v3.0 or later': 'LGPL-3.0-or-later',
  agplv3: 'AGPL-3.0-only',
  'agpl-3': 'AGPL-3.0-only',
  'agplv3+': 'AGPL-3.0-or-later',
  'gnu affero general public license v3.0': 'AGPL-3.0-only',
  // Others
  'mpl 2.0': 'MPL-2.0',
  mpl2: 'MPL-2.0',
  'mozilla public license 2.0': 'MPL-2.0',
  'mozilla public license, version 2.0': 'MPL-2.0',
  'isc license': 'ISC',
  'the unlicense': 'Unlicense',
  cc0: 'CC0-1.0',
  'cc0 1.0 universal': 'CC0-1.0',
  'eclipse public license 1.0': 'EPL-1.0',
  'eclipse public license - v 1.0': 'EPL-1.0',
  'eclipse public license 2.0': 'EPL-2.0',
  'eclipse public license - v 2.0': 'EPL-2.0',
  'epl 2.0': 'EPL-2.0',
  'python software foundation license': 'PSF-2.0',
  psfl: 'PSF-2.0',
  'zlib license': 'Zlib',
  'boost software license 1.0': 'BSL-1.0',
  'common development and distribution license 1.0': 'CDDL-1.0',
  'artistic license 2.0': 'Artistic-2.0',
});

/** Lower-case, single spaces, no surrounding quotes or trailing period: the alias table's key form. */
export function aliasKey(name: string): string {
  return name
    .trim()
    .replace(/^["']|["']$/g, '')
    .replace(/\.$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** The SPDX id a license name unambiguously means, if it is a known alias. */
export function licenseAlias(name: string): string | undefined {
  return ALIASES[aliasKey(name)];
}
