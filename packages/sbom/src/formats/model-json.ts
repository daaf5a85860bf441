import type { Sbom } from '../model/index.js';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const entry = (value as Record<string, unknown>)[key];
    if (entry !== undefined) out[key] = sortKeys(entry);
  }
  return out;
}

/**
 * The model as JSON with object keys in sorted order and arrays as read, so that the same
 * input always prints the same bytes (`custody sbom normalize`, for conftest/OPA users).
 */
export function sbomModelJson(sbom: Sbom): string {
  return `${JSON.stringify(sortKeys(sbom), null, 2)}\n`;
}
