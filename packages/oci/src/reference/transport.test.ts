import { describe, expect, test } from 'vitest';
import { OciError } from '../errors.js';
import { parseImageLocation } from './transport.js';

// Forms from containers-transports(5) as skopeo accepts them.
describe('parseImageLocation', () => {
  test.each([
    [
      'docker://busybox:1',
      { transport: 'docker', reference: { registry: 'docker.io', repository: 'library/busybox', tag: '1' } },
    ],
    ['oci:/tmp/layout', { transport: 'oci', path: '/tmp/layout' }],
    ['oci:/tmp/layout:v1.0', { transport: 'oci', path: '/tmp/layout', tag: 'v1.0' }],
    ['oci-archive:img.tar:latest', { transport: 'oci-archive', path: 'img.tar', tag: 'latest' }],
    ['docker-archive:img.tar', { transport: 'docker-archive', path: 'img.tar' }],
    [
      'docker-archive:img.tar:example.com/app:2',
      {
        transport: 'docker-archive',
        path: 'img.tar',
        reference: { registry: 'example.com', repository: 'app', tag: '2' },
      },
    ],
  ])('%s', (input, expected) => {
    expect(parseImageLocation(input)).toEqual(expected);
  });

  test.each([['busybox'], ['dir:/tmp/x'], ['oci:'], ['oci:/tmp/x:bad tag'], ['docker://x/UPPER']])(
    'refuses %j',
    (input) => {
      let error: unknown;
      try {
        parseImageLocation(input);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OciError);
      expect((error as OciError).exitStatus).toBe(2);
    },
  );
});
