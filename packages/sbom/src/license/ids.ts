import { createRequire } from 'node:module';
import { lookupTable } from './table.js';

const require = createRequire(import.meta.url);
const licenseIds = require('spdx-license-ids') as string[];
const deprecatedIds = require('spdx-license-ids/deprecated.json') as string[];
const exceptionIds = require('spdx-exceptions') as string[];

/**
 * What each deprecated SPDX License List id means today, from the list's own deprecation notes
 * (spdx.org/licenses, "Deprecated License Identifiers"): the bare GNU ids became `-only` (list
 * 3.0), the `-with-…-exception` ids became `WITH` expressions (list 2.0rc1), and the rest were
 * renamed. `Net-SNMP` has no single successor and is kept as written.
 */
const DEPRECATED_REPLACEMENTS = lookupTable<string>({
  'AGPL-1.0': 'AGPL-1.0-only',
  'AGPL-3.0': 'AGPL-3.0-only',
  'BSD-2-Clause-FreeBSD': 'BSD-2-Clause-Views',
  'BSD-2-Clause-NetBSD': 'BSD-2-Clause',
  'GFDL-1.1': 'GFDL-1.1-only',
  'GFDL-1.2': 'GFDL-1.2-only',
  'GFDL-1.3': 'GFDL-1.3-only',
  'GPL-1.0': 'GPL-1.0-only',
  'GPL-2.0': 'GPL-2.0-only',
  'GPL-2.0-with-GCC-exception': 'GPL-2.0-only WITH GCC-exception-2.0',
  'GPL-2.0-with-autoconf-exception': 'GPL-2.0-only WITH Autoconf-exception-2.0',
  'GPL-2.0-with-bison-exception': 'GPL-2.0-or-later WITH Bison-exception-2.2',
  'GPL-2.0-with-classpath-exception': 'GPL-2.0-only WITH Classpath-exception-2.0',
  'GPL-2.0-with-font-exception': 'GPL-2.0-only WITH Font-exception-2.0',
  'GPL-3.0': 'GPL-3.0-only',
  'GPL-3.0-with-GCC-exception': 'GPL-3.0-only WITH GCC-exception-3.1',
  'GPL-3.0-with-autoconf-exception': 'GPL-3.0-only WITH Autoconf-exception-3.0',
  'LGPL-2.0': 'LGPL-2.0-only',
  'LGPL-2.1': 'LGPL-2.1-only',
  'LGPL-3.0': 'LGPL-3.0-only',
  Nunit: 'zlib-acknowledgement',
  'StandardML-NJ': 'SMLNJ',
  'bzip2-1.0.5': 'bzip2-1.0.6',
  'eCos-2.0': 'GPL-2.0-or-later WITH eCos-exception-2.0',
  wxWindows: 'GPL-2.0-or-later WITH WxWindows-exception-3.1',
});

/**
 * The ids whose `+` ("this version or later") became an `-or-later` id of its own (list 3.0);
 * `GPL-2.0+` is `GPL-2.0-or-later`, not `GPL-2.0-only+`.
 */
const OR_LATER_REPLACEMENTS = lookupTable<string>({
  'AGPL-1.0': 'AGPL-1.0-or-later',
  'AGPL-3.0': 'AGPL-3.0-or-later',
  'GFDL-1.1': 'GFDL-1.1-or-later',
  'GFDL-1.2': 'GFDL-1.2-or-later',
  'GFDL-1.3': 'GFDL-1.3-or-later',
  'GPL-1.0': 'GPL-1.0-or-later',
  'GPL-2.0': 'GPL-2.0-or-later',
  'GPL-3.0': 'GPL-3.0-or-later',
  'LGPL-2.0': 'LGPL-2.0-or-later',
  'LGPL-2.1': 'LGPL-2.1-or-later',
  'LGPL-3.0': 'LGPL-3.0-or-later',
});

const currentIds = new Set(licenseIds);
const deprecated = new Set(deprecatedIds);
let licenseByLower: Map<string, string> | undefined;
let exceptionByLower: Map<string, string> | undefined;

function lowerIndex(ids: Iterable<string>): Map<string, string> {
  const index = new Map<string, string>();
  for (const id of ids) index.set(id.toLowerCase(), id);
  return index;
}

/** The SPDX License List id spelled as the list spells it, for any case (current or deprecated). */
export function canonicalLicenseId(id: string): string | undefined {
  licenseByLower ??= lowerIndex([...deprecatedIds, ...licenseIds]);
  return licenseByLower.get(id.toLowerCase());
}

/** The SPDX exception id spelled as the list spells it, for any case. */
export function canonicalExceptionId(id: string): string | undefined {
  exceptionByLower ??= lowerIndex(exceptionIds);
  return exceptionByLower.get(id.toLowerCase());
}

/** True for an id on the current (not deprecated) SPDX License List. */
export function isCurrentLicenseId(id: string): boolean {
  return currentIds.has(id);
}

/** True for an id the SPDX License List marks deprecated. */
export function isDeprecatedLicenseId(id: string): boolean {
  return deprecated.has(id);
}

/**
 * The expression that replaces a deprecated id (with `plus` for a trailing `+`), or undefined when
 * the id is not deprecated or has no single successor.
 */
export function deprecatedReplacement(id: string, plus: boolean): string | undefined {
  if (plus) return OR_LATER_REPLACEMENTS[id];
  return DEPRECATED_REPLACEMENTS[id];
}
