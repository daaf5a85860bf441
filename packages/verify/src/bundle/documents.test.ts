import { describe, expect, it } from 'vitest';
import { VerifyError } from '../errors.js';
import { parseBundleDocuments } from './documents.js';

const bundle = { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' };

describe('--bundle inputs', () => {
  it('reads one bundle', () => {
    expect(parseBundleDocuments(JSON.stringify(bundle), 'b.json')).toEqual([
      { json: bundle, label: 'b.json' },
    ]);
  });

  it('reads JSON Lines of bundles, labelled by line', () => {
    const text = `${JSON.stringify(bundle)}\n\n${JSON.stringify(bundle)}\n`;
    expect(parseBundleDocuments(text, 'b.jsonl').map((d) => d.label)).toEqual(['b.jsonl:1', 'b.jsonl:3']);
  });

  it('reads an npm attestations response with its predicate types', () => {
    const text = JSON.stringify({
      attestations: [
        { predicateType: 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1', bundle },
        { predicateType: 'https://slsa.dev/provenance/v1', bundle },
      ],
    });
    const documents = parseBundleDocuments(text, 'att.json');
    expect(documents.map((d) => [d.label, d.predicateType])).toEqual([
      ['att.json#attestations[0]', 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1'],
      ['att.json#attestations[1]', 'https://slsa.dev/provenance/v1'],
    ]);
  });

  it.each([
    ['an empty file', ''],
    ['truncated JSON', '{"mediaType": "applic'],
    ['a JSON array', '[1, 2]'],
    ['JSON Lines with a broken line', `${JSON.stringify(bundle)}\n{oops`],
    ['an attestation without a bundle', '{"attestations":[{"predicateType":"x"}]}'],
  ])('refuses %s as unreadable input (exit 2)', (_what, text) => {
    let error: unknown;
    try {
      parseBundleDocuments(text, 'in.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(VerifyError);
    expect((error as VerifyError).code).toBe('INPUT_UNREADABLE');
    expect((error as VerifyError).exitStatus).toBe(2);
  });
});
