import { expect, test } from 'vitest';
import { isLoopback, registryBaseUrl } from './client.js';

// Plain HTTP only for a loopback registry (127.0.0.0/8, ::1, localhost) that does not speak TLS,
// or with --insecure; Docker Hub's API lives on registry-1.docker.io (docker/distribution's
// default endpoint).
test.each([
  ['127.0.0.1:5000', {}, false, 'http://127.0.0.1:5000'],
  ['127.0.0.1:5000', {}, true, 'https://127.0.0.1:5000'],
  ['127.3.4.5', {}, false, 'http://127.3.4.5'],
  ['localhost:5000', {}, false, 'http://localhost:5000'],
  ['localhost:5000', {}, true, 'https://localhost:5000'],
  ['[::1]:5000', {}, false, 'http://[::1]:5000'],
  ['128.0.0.1:5000', {}, false, 'https://128.0.0.1:5000'],
  ['localhost.example.com', {}, false, 'https://localhost.example.com'],
  ['registry.example:5000', { insecure: true }, undefined, 'http://registry.example:5000'],
  ['127.0.0.1:5000', { insecure: true }, true, 'http://127.0.0.1:5000'],
  ['ghcr.io', {}, undefined, 'https://ghcr.io'],
  ['docker.io', {}, undefined, 'https://registry-1.docker.io'],
])('%s %j, speaks TLS: %s -> %s', (registry, options, tls, expected) => {
  expect(registryBaseUrl(registry, options, tls)).toBe(expected);
});

test('isLoopback refuses look-alikes', () => {
  expect(isLoopback('127.0.0.1.example.com')).toBe(false);
  expect(isLoopback('[::2]:5000')).toBe(false);
});
