import { expect, test } from 'vitest';
import { isLoopback, registryBaseUrl } from './client.js';

// Plain HTTP only for loopback (127.0.0.0/8, ::1, localhost) or with --insecure; Docker Hub's API
// lives on registry-1.docker.io (docker/distribution's default endpoint).
test.each([
  ['127.0.0.1:5000', {}, 'http://127.0.0.1:5000'],
  ['127.3.4.5', {}, 'http://127.3.4.5'],
  ['localhost:5000', {}, 'http://localhost:5000'],
  ['[::1]:5000', {}, 'http://[::1]:5000'],
  ['128.0.0.1:5000', {}, 'https://128.0.0.1:5000'],
  ['localhost.example.com', {}, 'https://localhost.example.com'],
  ['registry.example:5000', { insecure: true }, 'http://registry.example:5000'],
  ['ghcr.io', {}, 'https://ghcr.io'],
  ['docker.io', {}, 'https://registry-1.docker.io'],
])('%s %j -> %s', (registry, options, expected) => {
  expect(registryBaseUrl(registry, options)).toBe(expected);
});

test('isLoopback refuses look-alikes', () => {
  expect(isLoopback('127.0.0.1.example.com')).toBe(false);
  expect(isLoopback('[::2]:5000')).toBe(false);
});
