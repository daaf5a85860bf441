/**
 * The format-neutral SBOM model. Writers (SPDX 2.3, SPDX 3.0, CycloneDX) and readers (SPDX 2.2,
 * 2.3, 3.0; CycloneDX 1.4–1.6) meet here; catalogers produce it; the policy gate reads only it.
 * Nothing format-specific belongs in these types: an SPDXID or a bom-ref is derived at the edge.
 */

/** Hash algorithms as the model names them (CycloneDX spelling, the superset of SPDX's). */
export type HashAlgorithm =
  | 'MD5'
  | 'SHA-1'
  | 'SHA-224'
  | 'SHA-256'
  | 'SHA-384'
  | 'SHA-512'
  | 'SHA3-256'
  | 'SHA3-384'
  | 'SHA3-512'
  | 'BLAKE2b-256'
  | 'BLAKE2b-384'
  | 'BLAKE2b-512'
  | 'BLAKE3';

/** A checksum of a component or file; `value` is lowercase hex. */
export interface Hash {
  algorithm: HashAlgorithm;
  value: string;
}

/** A person, organization or tool named as supplier, originator or author. */
export interface Party {
  kind: 'organization' | 'person' | 'tool' | 'unknown';
  name: string;
  email?: string;
  url?: string;
}

/**
 * A license statement. `expression` is a valid SPDX license expression after normalization
 * (deprecated ids mapped, case fixed, unknown names turned into `LicenseRef-` ids), or one of the
 * SPDX special values. `raw` keeps what the source said when it differed.
 */
export interface LicenseStatement {
  expression: string | 'NOASSERTION' | 'NONE';
  raw?: string;
  /** Steps taken to turn `raw` into `expression`, for `policy explain`. */
  normalization?: string[];
}

/** A license text that an expression names as `LicenseRef-…` (SPDX hasExtractedLicensingInfos). */
export interface LicenseDefinition {
  id: string;
  name?: string;
  text: string;
  comment?: string;
}

/** The licenses of a component, by how they were established. */
export interface ComponentLicenses {
  /** What the package's authors declare (package.json `license`, lockfile `license`). */
  declared?: LicenseStatement;
  /** What an analysis concluded (SPDX licenseConcluded; CycloneDX `acknowledgement: concluded`). */
  concluded?: LicenseStatement;
}

/** What a component is, in CycloneDX's vocabulary (SPDX primaryPackagePurpose maps onto it). */
export type ComponentType =
  | 'application'
  | 'framework'
  | 'library'
  | 'container'
  | 'platform'
  | 'operating-system'
  | 'device'
  | 'firmware'
  | 'file'
  | 'data'
  | 'machine-learning-model'
  | 'cryptographic-asset'
  | 'source';

/**
 * Whether the component ships. `required` ships; `optional` may (npm optionalDependencies);
 * `dev` does not (devDependencies, build and test tools; CycloneDX `excluded`).
 */
export type ComponentScope = 'required' | 'optional' | 'dev';

/** Where a component was found: the file, and for images the layer that brought it. */
export interface Evidence {
  path: string;
  /** Layer digest (`sha256:…`) for components found in images. */
  layer?: string;
  /** The cataloger that found it, by registry name. */
  cataloger?: string;
}

/** A VCS origin: remote URL and commit, as the root component of a checkout carries. */
export interface VcsInfo {
  url: string;
  commit?: string;
  ref?: string;
}

/** Ecosystem metadata: a discriminated union, never an untyped bag. Later ecosystems add members. */
export type ComponentMetadata =
  | {
      kind: 'npm';
      /** Path of the package inside node_modules (npm) or the lockfile key (pnpm, yarn, bun). */
      lockfilePaths?: string[];
      resolved?: string;
      integrity?: string;
      /** How the package was sourced when not from a registry. */
      source?: 'registry' | 'git' | 'file' | 'link' | 'tarball' | 'workspace';
      /** npm alias (`"foo": "npm:bar@1"`) names under which the package was installed. */
      aliases?: string[];
      workspace?: boolean;
    }
  | { kind: 'generic' };

/** One component (package, application, file, container…). */
export interface Component {
  /**
   * Identifier unique within the document and stable across runs for the same input: writers
   * derive SPDXIDs and bom-refs from it. Catalogers use the purl where there is one.
   */
  id: string;
  type: ComponentType;
  name: string;
  version?: string;
  /** Group or namespace where the ecosystem has one apart from the name (Maven groupId). */
  group?: string;
  purl?: string;
  cpes?: string[];
  /** Other identifiers (SWHID, gitoid, OmniBOR…) as `{type, value}`. */
  identifiers?: { type: string; value: string }[];
  supplier?: Party;
  originator?: Party;
  authors?: Party[];
  licenses?: ComponentLicenses;
  copyright?: string;
  hashes?: Hash[];
  /** Where the package can be fetched (SPDX downloadLocation; CycloneDX `distribution`). */
  downloadLocation?: string;
  homepage?: string;
  vcs?: VcsInfo;
  description?: string;
  scope?: ComponentScope;
  /** SPDX filesAnalyzed: lockfile and registry packages are not analyzed file by file. */
  filesAnalyzed?: boolean;
  evidence?: Evidence[];
  metadata?: ComponentMetadata;
  /** Free key-value pairs for facts with no model field (CycloneDX properties). */
  properties?: Record<string, string>;
}

/** The kind of an edge between components (or between a file and a component). */
export type RelationshipType =
  | 'DEPENDS_ON'
  | 'CONTAINS'
  | 'DESCRIBES'
  | 'GENERATED_FROM'
  | 'DESCENDANT_OF'
  | 'VARIANT_OF'
  | 'OTHER';

/** Why a dependency edge exists, as the lockfile records it. */
export type DependencyKind = 'prod' | 'dev' | 'optional' | 'peer';

/** A directed edge `from → to`. `DEPENDS_ON` edges carry the dependency kind. */
export interface Relationship {
  from: string;
  to: string;
  type: RelationshipType;
  dependencyKind?: DependencyKind;
  comment?: string;
}

/** A file of a build output (build-drop SBOMs, as Microsoft's SBOM Tool writes them). */
export interface FileEntry {
  id: string;
  /** Path relative to the scanned root, with `/` separators and a leading `./` in SPDX. */
  path: string;
  hashes: Hash[];
  licenses?: ComponentLicenses;
  copyright?: string;
}

/** The tool that made (or, when read, that is said to have made) a document. */
export interface ToolInfo {
  name: string;
  version?: string;
  vendor?: string;
}

/** Where a model came from when a reader made it. */
export interface SourceFormat {
  format: 'spdx' | 'cyclonedx';
  /** `2.2`, `2.3`, `3.0`, `1.4`, `1.5`, `1.6`. */
  specVersion: string;
  /** The file read, when it was a file. */
  path?: string;
}

/** Document-level metadata. */
export interface DocumentInfo {
  name: string;
  /** SPDX documentNamespace; CycloneDX serialNumber is derived from it. */
  namespace?: string;
  /** RFC 3339 creation time, UTC, no fractional seconds (SPDX 2.3 §6.9). */
  created?: string;
  tools?: ToolInfo[];
  authors?: Party[];
  supplier?: Party;
  dataLicense?: string;
  comment?: string;
}

/** A whole SBOM. */
export interface Sbom {
  document: DocumentInfo;
  /** Ids of the components the document describes (its root or roots). */
  describes: string[];
  components: Component[];
  relationships: Relationship[];
  files?: FileEntry[];
  licenseDefinitions?: LicenseDefinition[];
  /** Set by readers. */
  source?: SourceFormat;
  /** Problems a reader or cataloger tolerated, for the user to see. */
  warnings?: string[];
}
