import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import { formatIssue, type LocatedIssue, loadPolicyWithIssues, type ReadText } from './load.js';
import { positionOf } from './positions.js';

const require = createRequire(import.meta.url);

/** The policy JSON Schema shipped with the package (`@custody/policy/schema/policy.schema.json`). */
export async function policySchema(): Promise<object> {
  // A literal require of the JSON, so that the CLI bundle includes it (see packages/cli/scripts);
  // a copy, so that callers may change what they get.
  return structuredClone(require('@custody/policy/schema/policy.schema.json') as object);
}

function pathOf(error: ErrorObject): { path: (string | number)[]; atKey: boolean; message: string } {
  const path: (string | number)[] = error.instancePath
    .split('/')
    .slice(1)
    .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((step) => (/^\d+$/.test(step) ? Number(step) : step));
  const params = error.params as Record<string, unknown>;
  if (typeof params.additionalProperty === 'string') {
    return {
      path: [...path, params.additionalProperty],
      atKey: true,
      message: `unknown property "${params.additionalProperty}"`,
    };
  }
  if (typeof params.propertyName === 'string') {
    return {
      path: [...path, params.propertyName],
      atKey: true,
      message: `unknown property "${params.propertyName}"`,
    };
  }
  const where = error.instancePath === '' ? 'the policy' : error.instancePath;
  return { path, atKey: false, message: `schema: ${where} ${error.message ?? 'is invalid'}` };
}

/**
 * Every problem of a policy and the files it extends: the JSON Schema's errors, then custody's own
 * checks (unknown license ids and categories, waivers for unknown rules, bad ranges), each with
 * file, line and column. An empty list means the policy is fine.
 */
export async function lintPolicy(path: string, read?: ReadText): Promise<LocatedIssue[]> {
  const outcome = await loadPolicyWithIssues(path, read);
  const { default: Ajv } = await import('ajv');
  const ajv = new Ajv.default({ allErrors: true, strict: false });
  const validate = ajv.compile(await policySchema());
  const issues = [...outcome.issues];
  const taken = new Set(issues.map((i) => `${i.file}:${i.line}`));
  for (const file of outcome.files) {
    if (validate(file.value) || validate.errors === null || validate.errors === undefined) continue;
    for (const error of validate.errors) {
      // if/then and oneOf wrappers repeat what the inner errors already say.
      if (error.keyword === 'if') continue;
      const { path: at, atKey, message } = pathOf(error);
      const { line, column } = positionOf(file.parsed, at, atKey);
      const key = `${file.path}:${line}`;
      if (taken.has(key)) continue;
      taken.add(key);
      issues.push({ file: file.path, line, column, message });
    }
  }
  return issues.sort((a, b) =>
    a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1,
  );
}

export { formatIssue };
