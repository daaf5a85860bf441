import parseSpdxExpression from 'spdx-expression-parse';
import { normalizeLicense } from '../../license/index.js';
import type { LicenseDefinition, LicenseStatement } from '../../model/index.js';

/** A `LicenseRef-` of this document; `DocumentRef-x:LicenseRef-y` names another document's and needs no definition here. */
const LOCAL_LICENSE_REF = /(?<![A-Za-z0-9.:-])LicenseRef-[A-Za-z0-9.-]+/g;

/**
 * An expression as a writer may put it in a document: itself when it parses as an SPDX license
 * expression, otherwise what normalizeLicense makes of it (with the `LicenseRef-`s it invents).
 */
export function writableExpression(expression: string): {
  expression: string;
  definitions: LicenseDefinition[];
} {
  try {
    parseSpdxExpression(expression);
    return { expression, definitions: [] };
  } catch {
    const normalized = normalizeLicense(expression);
    return { expression: normalized.statement.expression, definitions: normalized.definitions };
  }
}

/**
 * Turns model license statements into SPDX license fields, and collects the `LicenseRef-`s they
 * use so that each one is defined in hasExtractedLicensingInfos (SPDX 2.3 §10.1).
 */
export class SpdxLicenseWriter {
  readonly #fields = new Map<string, string>();
  readonly #definitions = new Map<string, LicenseDefinition>();
  readonly #used = new Set<string>();

  constructor(definitions: readonly LicenseDefinition[] = []) {
    for (const definition of definitions) this.#definitions.set(definition.id, definition);
  }

  /**
   * The field value for a statement: its expression when it parses as an SPDX expression, the
   * normalized expression when not, `NOASSERTION` when there is none. Never an invalid expression.
   */
  field(statement: LicenseStatement | undefined): string {
    if (statement === undefined) return 'NOASSERTION';
    const expression = statement.expression;
    if (expression === 'NOASSERTION' || expression === 'NONE') return expression;
    let field = this.#fields.get(expression);
    if (field === undefined) {
      field = this.#validated(expression);
      this.#fields.set(expression, field);
    }
    if (field.includes('LicenseRef-'))
      for (const ref of field.match(LOCAL_LICENSE_REF) ?? []) this.#used.add(ref);
    return field;
  }

  #validated(expression: string): string {
    const writable = writableExpression(expression);
    for (const definition of writable.definitions)
      if (!this.#definitions.has(definition.id)) this.#definitions.set(definition.id, definition);
    return writable.expression;
  }

  /**
   * hasExtractedLicensingInfos: every definition the model gave, and one for each used
   * `LicenseRef-` it did not define (extractedText is mandatory, §10.2), in id order.
   */
  extractedLicensingInfos(): { licenseId: string; extractedText: string; name?: string; comment?: string }[] {
    for (const id of this.#used) {
      if (this.#definitions.has(id)) continue;
      this.#definitions.set(id, {
        id,
        text: `The license text was not available to custody; the package names its license as ${id.slice('LicenseRef-'.length)}.`,
      });
    }
    return [...this.#definitions.values()]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((definition) => ({
        licenseId: definition.id,
        extractedText: definition.text,
        ...(definition.name !== undefined ? { name: definition.name } : {}),
        ...(definition.comment !== undefined ? { comment: definition.comment } : {}),
      }));
  }
}
