/**
 * License version families: which SPDX ids are versions of one license, oldest first, so that
 * `-or-later` and `+` can be read as "this version or any later one" (SPDX 2.3 Annex D.4).
 * custody's own table, from the SPDX License List's ids and each license's own history (the FSF
 * for the GNU licenses, the EU for EUPL, Mozilla, Apache, Eclipse, Sun/Oracle for CDDL, Creative
 * Commons). Families whose ids carry `-only`/`-or-later` name both; the others take `+`.
 */
interface FamilyVersion {
  /** The id of exactly this version (`GPL-2.0-only`, `MPL-2.0`). */
  only: string;
  /** The id of this version or later, where the list has one (`GPL-2.0-or-later`). */
  orLater?: string;
  /** Deprecated or bare spellings that mean exactly this version (`GPL-2.0`). */
  aliases?: string[];
}

function gnu(prefix: string, versions: string[]): FamilyVersion[] {
  return versions.map((v) => ({
    only: `${prefix}-${v}-only`,
    orLater: `${prefix}-${v}-or-later`,
    aliases: [`${prefix}-${v}`],
  }));
}

function plain(prefix: string, versions: string[]): FamilyVersion[] {
  return versions.map((v) => ({ only: `${prefix}-${v}` }));
}

const FAMILIES: Record<string, FamilyVersion[]> = {
  GPL: gnu('GPL', ['1.0', '2.0', '3.0']),
  // LGPL 2.0 was the "Library" GPL; 2.1 renamed it "Lesser"; both precede 3.0.
  LGPL: gnu('LGPL', ['2.0', '2.1', '3.0']),
  AGPL: gnu('AGPL', ['1.0', '3.0']),
  GFDL: gnu('GFDL', ['1.1', '1.2', '1.3']),
  'GFDL-invariants': ['1.1', '1.2', '1.3'].map((v) => ({
    only: `GFDL-${v}-invariants-only`,
    orLater: `GFDL-${v}-invariants-or-later`,
  })),
  'GFDL-no-invariants': ['1.1', '1.2', '1.3'].map((v) => ({
    only: `GFDL-${v}-no-invariants-only`,
    orLater: `GFDL-${v}-no-invariants-or-later`,
  })),
  MPL: plain('MPL', ['1.0', '1.1', '2.0']),
  Apache: plain('Apache', ['1.0', '1.1', '2.0']),
  EUPL: plain('EUPL', ['1.0', '1.1', '1.2']),
  CDDL: plain('CDDL', ['1.0', '1.1']),
  EPL: plain('EPL', ['1.0', '2.0']),
  Artistic: plain('Artistic', ['1.0', '2.0']),
  AFL: plain('AFL', ['1.1', '1.2', '2.0', '2.1', '3.0']),
  OSL: plain('OSL', ['1.0', '1.1', '2.0', '2.1', '3.0']),
  ZPL: plain('ZPL', ['1.1', '2.0', '2.1']),
  LPPL: plain('LPPL', ['1.0', '1.1', '1.2', '1.3a', '1.3c']),
  OFL: plain('OFL', ['1.0', '1.1']),
  PHP: plain('PHP', ['3.0', '3.01']),
  'CC-BY': plain('CC-BY', ['1.0', '2.0', '2.5', '3.0', '4.0']),
  'CC-BY-SA': plain('CC-BY-SA', ['1.0', '2.0', '2.5', '3.0', '4.0']),
  'CC-BY-NC': plain('CC-BY-NC', ['1.0', '2.0', '2.5', '3.0', '4.0']),
  'CC-BY-ND': plain('CC-BY-ND', ['1.0', '2.0', '2.5', '3.0', '4.0']),
  'CC-BY-NC-SA': plain('CC-BY-NC-SA', ['1.0', '2.0', '2.5', '3.0', '4.0']),
  'CC-BY-NC-ND': plain('CC-BY-NC-ND', ['1.0', '2.0', '2.5', '3.0', '4.0']),
};

/** A position in a family: which family, and the index of the version (oldest 0). */
interface Position {
  family: string;
  index: number;
  orLater: boolean;
}

const POSITIONS = new Map<string, Position>();
for (const [family, versions] of Object.entries(FAMILIES)) {
  versions.forEach((version, index) => {
    POSITIONS.set(version.only.toLowerCase(), { family, index, orLater: false });
    for (const alias of version.aliases ?? [])
      POSITIONS.set(alias.toLowerCase(), { family, index, orLater: false });
    if (version.orLater !== undefined)
      POSITIONS.set(version.orLater.toLowerCase(), { family, index, orLater: true });
  });
}

/**
 * The concrete licenses a license id admits, as ids of exactly one version each: `GPL-2.0-or-later`
 * (or `GPL-2.0+`) admits GPL-2.0-only and GPL-3.0-only; `MIT` admits MIT. Comparison is
 * case-insensitive (SPDX 2.3 Annex D: ids match case-insensitively); ids come back as the family
 * table spells them, or as given when outside every family.
 */
export function admittedLicenses(id: string, plus: boolean): string[] {
  const position = POSITIONS.get(id.toLowerCase());
  if (position === undefined) return [id];
  const versions = FAMILIES[position.family] as FamilyVersion[];
  if (!position.orLater && !plus) return [(versions[position.index] as FamilyVersion).only];
  return versions.slice(position.index).map((v) => v.only);
}

/** True when the id is a version of a family custody orders. */
export function isVersionedLicense(id: string): boolean {
  return POSITIONS.has(id.toLowerCase());
}
