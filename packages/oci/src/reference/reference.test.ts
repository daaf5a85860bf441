import { describe, expect, test } from 'vitest';
import { OciError } from '../errors.js';
import { formatReference, parseReference } from './reference.js';

// Expected normalizations from distribution/reference's normalize_test.go (TestParseNormalizedNamed,
// TestValidateReferenceName) and `docker pull` behaviour, not from custody's output.
describe('parseReference', () => {
  test.each([
    ['ubuntu', 'docker.io', 'library/ubuntu', undefined, undefined],
    ['ubuntu:22.04', 'docker.io', 'library/ubuntu', '22.04', undefined],
    ['docker.io/ubuntu', 'docker.io', 'library/ubuntu', undefined, undefined],
    ['index.docker.io/library/ubuntu:latest', 'docker.io', 'library/ubuntu', 'latest', undefined],
    ['user/repo', 'docker.io', 'user/repo', undefined, undefined],
    ['localhost/repo', 'localhost', 'repo', undefined, undefined],
    ['localhost:5000/a/b/c:t', 'localhost:5000', 'a/b/c', 't', undefined],
    ['127.0.0.1:5000/repo', '127.0.0.1:5000', 'repo', undefined, undefined],
    ['[::1]:5000/repo:v1', '[::1]:5000', 'repo', 'v1', undefined],
    ['Example.COM/foo', 'Example.COM', 'foo', undefined, undefined],
    [
      'ghcr.io/org/name_with__under-dash.dot:1.0-rc_1',
      'ghcr.io',
      'org/name_with__under-dash.dot',
      '1.0-rc_1',
      undefined,
    ],
    [`quay.io/a/b:tag@sha256:${'a'.repeat(64)}`, 'quay.io', 'a/b', 'tag', `sha256:${'a'.repeat(64)}`],
    [
      `busybox@sha256:${'0'.repeat(64)}`,
      'docker.io',
      'library/busybox',
      undefined,
      `sha256:${'0'.repeat(64)}`,
    ],
  ])('%s', (input, registry, repository, tag, digest) => {
    const parsed = parseReference(input);
    expect(parsed).toEqual({
      registry,
      repository,
      ...(tag !== undefined ? { tag } : {}),
      ...(digest !== undefined ? { digest } : {}),
    });
  });

  test.each([
    ['', 'empty'],
    ['user/Repo', 'lowercase'],
    ['docker.io/Library/ubuntu', 'lowercase'],
    ['repo:tag:extra', 'grammar'],
    ['repo@sha256:abc', 'grammar'],
    [`repo@md5:${'a'.repeat(32)}`, 'unsupported digest'],
    ['docker://ubuntu', 'transport prefix'],
    ['-repo', 'grammar'],
    ['repo/', 'grammar'],
    ['repo:-tag', 'grammar'],
    [`a/${'b'.repeat(260)}`, 'longer than 255'],
  ])('refuses %j (%s)', (input, why) => {
    let error: unknown;
    try {
      parseReference(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OciError);
    expect((error as OciError).code).toBe('INVALID_REFERENCE');
    expect((error as OciError).exitStatus).toBe(2);
    expect((error as OciError).message).toContain(why);
  });

  test('formats the canonical form', () => {
    expect(formatReference(parseReference('ubuntu'))).toBe('docker.io/library/ubuntu');
    expect(formatReference(parseReference('localhost:5000/x:y'))).toBe('localhost:5000/x:y');
  });
});
