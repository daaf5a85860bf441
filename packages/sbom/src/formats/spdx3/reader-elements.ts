import { conjoin } from '../../license/conjoin.js';
import type { LicenseStatement, Party } from '../../model/index.js';
import { arr, obj, type ReaderContext, str } from '../reader-context.js';

/** One element of an SPDX 3 `@graph`. */
export type Element = Record<string, unknown>;

/**
 * An element's type in compact form (`software_Package`). Expanded IRIs
 * (`https://spdx.org/rdf/3.0.1/terms/Software/Package`) are folded onto it, so either reads.
 */
export function typeOf(element: Element): string {
  const type = str(element.type) ?? str(element['@type']) ?? '';
  const slash = type.lastIndexOf('/');
  if (slash < 0) return type;
  const name = type.slice(slash + 1);
  const profile = type.slice(type.lastIndexOf('/', slash - 1) + 1, slash);
  return profile === 'Core' || profile === 'terms' ? name : `${profile.toLowerCase()}_${name}`;
}

/** An element's identifier: `spdxId` (3.0.1), or `@id` for blank nodes and older drafts. */
export function idOf(element: Element): string | undefined {
  return str(element.spdxId) ?? str(element['@id']);
}

/** A relationship type compared without case or underscores: sbom-tool writes `DEPENDS_ON` for `dependsOn`. */
export function relationshipKey(type: string): string {
  return type.replace(/_/g, '').toLowerCase();
}

const LISTED_LICENSE = /^https?:\/\/spdx\.org\/licenses\/([A-Za-z0-9.+-]+?)(?:\.html|\.json)?$/;
const NO_ASSERTION = /\/(?:Expanded\/)?NoAssertionLicense$/;
const NONE_LICENSE = /\/(?:Expanded\/)?NoneLicense$/;

/** The graph indexed by identifier, with license statements resolved once per element. */
export class Graph {
  readonly byId = new Map<string, Element>();
  private readonly statements = new Map<string, LicenseStatement | null>();
  private readonly context: ReaderContext;

  constructor(elements: readonly unknown[], context: ReaderContext) {
    this.context = context;
    for (const entry of elements) {
      const element = obj(entry);
      if (element === undefined) continue;
      const id = idOf(element);
      if (id !== undefined) this.byId.set(id, element);
    }
  }

  /** An element named by id, or the object itself when it is given inline. */
  resolve(value: unknown): Element | undefined {
    if (typeof value === 'string') return this.byId.get(value);
    return obj(value);
  }

  /** The license text an element (or a bare license IRI) stands for, as a normalized statement. */
  license(target: string): LicenseStatement | undefined {
    const cached = this.statements.get(target);
    if (cached !== undefined) return cached ?? undefined;
    const statement = this.computeLicense(target);
    this.statements.set(target, statement ?? null);
    return statement;
  }

  private computeLicense(target: string): LicenseStatement | undefined {
    const element = this.byId.get(target);
    if (element === undefined) {
      if (NO_ASSERTION.test(target)) return this.context.license('NOASSERTION');
      if (NONE_LICENSE.test(target)) return this.context.license('NONE');
      const listed = LISTED_LICENSE.exec(target);
      if (listed !== null) return this.context.license(listed[1] as string);
      this.context.warn(`license element ${target} is not in the document; read as NOASSERTION`);
      return this.context.license('NOASSERTION');
    }
    const expression = str(element.simplelicensing_licenseExpression);
    if (expression !== undefined) return this.context.license(expression);
    const listed = LISTED_LICENSE.exec(target);
    if (listed !== null) return this.context.license(listed[1] as string);
    const name = str(element.name);
    if (name !== undefined) return this.context.license(name);
    this.context.warn(`license element ${target} has neither an expression nor a name; read as NOASSERTION`);
    return this.context.license('NOASSERTION');
  }

  /** Several license targets of one relationship kind as one statement (they all apply). */
  licenses(targets: string[]): LicenseStatement | undefined {
    const statements: LicenseStatement[] = [];
    for (const target of targets) {
      const statement = this.license(target);
      if (statement !== undefined) statements.push(statement);
    }
    return conjoin(statements);
  }

  /** An agent (Organization, Person, Tool, SoftwareAgent) as a party. */
  party(value: unknown): Party | undefined {
    const element = this.resolve(value);
    if (element === undefined) return undefined;
    let name = str(element.name);
    // sbom-tool writes an Organization named NOASSERTION for "no supplier".
    if (name === undefined || name.trim() === '' || name.trim() === 'NOASSERTION') return undefined;
    // sbom-tool names its agents in SPDX 2 style: "Organization: Microsoft".
    name = name.replace(/^(?:Organization|Person|Tool):\s*/i, '');
    const type = typeOf(element);
    const kind: Party['kind'] =
      type === 'Organization'
        ? 'organization'
        : type === 'Person'
          ? 'person'
          : type === 'Tool'
            ? 'tool'
            : 'unknown';
    const party: Party = { kind, name };
    for (const entry of [...arr(element.externalIdentifier), ...arr(element.externalIdentifiers)]) {
      const identifier = obj(entry);
      if (str(identifier?.externalIdentifierType) === 'email') {
        const email = str(identifier?.identifier);
        if (email !== undefined) party.email = email;
      }
    }
    return party;
  }
}
