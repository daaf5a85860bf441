import { tryParsePurl } from '@custody/core';
import parseSpdxExpression from 'spdx-expression-parse';

const parsed = new Map<string, boolean>();

/** Whether `text` is a valid SPDX license expression (ids from spdx-license-ids), memoized. */
export function isValidLicenseExpression(text: string): boolean {
  let valid = parsed.get(text);
  if (valid === undefined) {
    try {
      parseSpdxExpression(text);
      valid = true;
    } catch {
      valid = false;
    }
    parsed.set(text, valid);
  }
  return valid;
}

/** Whether `text` parses as a package URL with the reference implementation. */
export function isValidPurl(text: string): boolean {
  return tryParsePurl(text) !== undefined;
}

/** A value as an array of objects, or an empty array. */
export function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? value.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    : [];
}

/** A string field or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
