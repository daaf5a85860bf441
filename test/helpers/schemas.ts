import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { requireReferenceData } from './reference-data.js';

/** The official schemas these validators load, under the reference data (sbom/README.md there). */
export const SBOM_SCHEMA_PATHS = [
  'sbom/schemas/spdx-2.3-schema.json',
  'sbom/schemas/cyclonedx/bom-1.6.SNAPSHOT.schema.json',
  'sbom/schemas/cyclonedx/spdx.SNAPSHOT.schema.json',
  'sbom/schemas/cyclonedx/jsf-0.82.SNAPSHOT.schema.json',
];

/** A schema check: the problems ajv found, empty when the document validates. */
export type SchemaCheck = (document: unknown) => string[];

function readJson(relativePath: string): Record<string, unknown> {
  return JSON.parse(readFileSync(requireReferenceData(relativePath), 'utf8')) as Record<string, unknown>;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
}

function checkWith(validate: ValidateFunction): SchemaCheck {
  return (document) => (validate(document) ? [] : describeErrors(validate.errors));
}

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormatsPlugin as unknown as (ajv: Ajv) => Ajv)(ajv);
  return ajv;
}

let spdx: SchemaCheck | undefined;
let cyclonedx: SchemaCheck | undefined;

/** Validates a document against the official SPDX 2.3 JSON schema (spdx/spdx-spec v2.3). */
export function spdx23SchemaCheck(): SchemaCheck {
  spdx ??= checkWith(newAjv().compile(readJson('sbom/schemas/spdx-2.3-schema.json')));
  return spdx;
}

/**
 * Validates a document against the official CycloneDX 1.6 JSON schema. bom-1.6 `$ref`s its SPDX
 * license-id and JSF schemas by file name, so they are registered under the ids those names
 * resolve to. ajv-formats lacks the draft-2019 formats `iri-reference` and `idn-email`; they are
 * checked loosely here (no whitespace; one `@`), which is weaker than the RFCs but never wrong.
 */
export function cyclonedx16SchemaCheck(): SchemaCheck {
  if (cyclonedx === undefined) {
    const ajv = newAjv();
    ajv.addFormat('iri-reference', /^\S*$/);
    ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/);
    for (const name of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json']) {
      const schema = readJson(join('sbom/schemas/cyclonedx', name));
      ajv.addSchema({ ...schema, $id: `http://cyclonedx.org/schema/${name}` });
    }
    cyclonedx = checkWith(ajv.compile(readJson('sbom/schemas/cyclonedx/bom-1.6.SNAPSHOT.schema.json')));
  }
  return cyclonedx;
}
