import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeWithReference, requireReferenceData } from '#test-helpers';
import { LICENSE_CATEGORIES } from './categories.js';
import { admittedLicenses } from './families.js';
import { categoriesOf } from './list.js';

interface ScanCodeEntry {
  spdx_license_key: string;
  other_spdx_license_keys: string[];
  category: string;
  is_exception: boolean;
}

const require = createRequire(import.meta.url);
const spdxIds = new Set([
  ...(require('spdx-license-ids') as string[]),
  ...(require('spdx-license-ids/deprecated.json') as string[]),
]);

// The table's header states its rule: ScanCode's category wins, ORT fills SPDX ids ScanCode
// lacks. This checks every entry against the two sources themselves.
describeWithReference(
  'license category table',
  ['policy/licenses/scancode-licensedb-categories.json', 'policy/licenses/ort-license-classifications.yml'],
  () => {
    // Read in setup, not while collecting: a skipped suite's body is still collected.
    let ort: { categorizations: { id: string; categories: string[] }[] };
    const fromScanCode = new Map<string, string>();
    beforeAll(() => {
      const scancode = JSON.parse(
        readFileSync(requireReferenceData('policy/licenses/scancode-licensedb-categories.json'), 'utf8'),
      ) as ScanCodeEntry[];
      ort = parse(
        readFileSync(requireReferenceData('policy/licenses/ort-license-classifications.yml'), 'utf8'),
      ) as {
        categorizations: { id: string; categories: string[] }[];
      };
      for (const entry of scancode) {
        if (entry.is_exception) continue;
        for (const id of [entry.spdx_license_key, ...entry.other_spdx_license_keys]) {
          if (spdxIds.has(id) && !fromScanCode.has(id))
            fromScanCode.set(id, entry.category.toLowerCase().replace(/ /g, '-'));
        }
      }
    });

    it('takes ScanCode’s category for every SPDX id ScanCode categorizes', () => {
      expect(fromScanCode.size).toBeGreaterThan(400);
      for (const [id, category] of fromScanCode) expect([id, LICENSE_CATEGORIES[id]]).toEqual([id, category]);
    });

    it('takes ORT’s category only for ids ScanCode lacks', () => {
      const ortOnly = Object.keys(LICENSE_CATEGORIES).filter((id) => !fromScanCode.has(id));
      expect(ortOnly.length).toBeGreaterThan(0);
      for (const id of ortOnly) {
        const entry = ort.categorizations.find((c) => c.id === id);
        expect(entry?.categories, id).toContain(LICENSE_CATEGORIES[id]);
      }
    });
  },
);

it.each([
  ['MIT', ['permissive']],
  ['Apache-2.0', ['permissive']],
  ['GPL-3.0-only', ['copyleft']],
  ['LGPL-2.1-only', ['copyleft-limited']],
  ['AGPL-3.0-only', ['copyleft', 'network-copyleft']],
  ['SSPL-1.0', ['source-available', 'network-copyleft']],
  ['CC0-1.0', ['public-domain']],
  ['LicenseRef-Acme', ['unknown']],
])('categories of %s', (id, expected) => {
  expect(categoriesOf(id)).toEqual(expected);
});

it.each([
  ['GPL-2.0-or-later', false, ['GPL-2.0-only', 'GPL-3.0-only']],
  ['GPL-2.0-only', true, ['GPL-2.0-only', 'GPL-3.0-only']],
  ['GPL-2.0', false, ['GPL-2.0-only']],
  ['LGPL-2.0-or-later', false, ['LGPL-2.0-only', 'LGPL-2.1-only', 'LGPL-3.0-only']],
  ['AGPL-1.0-or-later', false, ['AGPL-1.0-only', 'AGPL-3.0-only']],
  ['GFDL-1.1-or-later', false, ['GFDL-1.1-only', 'GFDL-1.2-only', 'GFDL-1.3-only']],
  ['MPL-1.0', true, ['MPL-1.0', 'MPL-1.1', 'MPL-2.0']],
  ['EUPL-1.1', true, ['EUPL-1.1', 'EUPL-1.2']],
  ['CDDL-1.0', true, ['CDDL-1.0', 'CDDL-1.1']],
  ['EPL-1.0', true, ['EPL-1.0', 'EPL-2.0']],
  ['MIT', true, ['MIT']],
])('%s (plus %s) admits %j', (id, plus, expected) => {
  expect(admittedLicenses(id, plus)).toEqual(expected);
});
