import { expect, test } from 'vitest';
import { parseChallenges } from './challenge.js';

// Header values as Docker Hub and distribution 2.8 send them (docs/spec/auth/token.md examples).
test.each([
  [
    'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"',
    [
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:samalba/my-app:pull,push',
        },
      },
    ],
  ],
  ['Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
  [
    'Bearer realm="http://a/t", error="insufficient_scope", scope="x:\\"q\\""',
    [{ scheme: 'bearer', params: { realm: 'http://a/t', error: 'insufficient_scope', scope: 'x:"q"' } }],
  ],
])('%s', (header, expected) => {
  expect(parseChallenges(header)).toEqual(expected);
});
