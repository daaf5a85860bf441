// Real Debian metadata (reference data patch/debian/, see its README): the bookworm-security
// InRelease, signed by Debian's security archive keys, verified against the real
// debian-archive-keyring.gpg; its Packages against the SHA256 and size the InRelease lists.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { describeWithReference, requireReferenceData } from '#test-helpers';
import { decompressBytes } from '../deb/decompress.js';
import { releaseEntry, verifyIndexBytes } from '../fetch/index-file.js';
import { parseStanzas } from '../index-model/index.js';
import { checkReleaseFreshness, readKeyring, verifyInRelease } from './index.js';

const DIR = 'patch/debian';
const IN_RELEASE = `${DIR}/bookworm-security-InRelease`;
const KEYRING = `${DIR}/debian-archive-keyring.gpg`;
const PACKAGES = `${DIR}/bookworm-security-main-amd64-Packages.xz`;

// Inside the window the README gives: Date Mon, 23 Nov 2026 11:22:37 UTC, Valid-Until Mon, 30 Nov 2026 11:22:37 UTC.
const INSIDE = new Date('2026-11-25T12:00:00Z');
const AFTER = new Date('2026-11-30T11:22:38Z');

async function load() {
  const bytes = await readFile(requireReferenceData(IN_RELEASE));
  const keys = await readKeyring(await readFile(requireReferenceData(KEYRING)), KEYRING);
  return { bytes, keyring: { keys, sources: [KEYRING] } };
}

describeWithReference('the real bookworm-security InRelease', [IN_RELEASE, KEYRING, PACKAGES], () => {
  it('verifies against the real archive keyring inside its validity window', async () => {
    const { bytes, keyring } = await load();
    const verified = await verifyInRelease(bytes, { keyring, now: INSIDE, input: IN_RELEASE });
    // Two good signatures, as `gpgv` reports (README: "Good signature, twice").
    expect(verified.signers).toHaveLength(2);
    expect(verified.release.codename).toBe('bookworm-security');
    expect(verified.release.date?.toISOString()).toBe('2026-11-23T11:22:37.000Z');
    expect(verified.release.validUntil?.toISOString()).toBe('2026-11-30T11:22:37.000Z');
    expect(() => checkReleaseFreshness(verified.release, { now: INSIDE, input: IN_RELEASE })).not.toThrow();
  });

  it('is refused after Valid-Until, naming the time', async () => {
    const { bytes, keyring } = await load();
    const verified = await verifyInRelease(bytes, { keyring, now: INSIDE, input: IN_RELEASE });
    expect(() => checkReleaseFreshness(verified.release, { now: AFTER, input: IN_RELEASE })).toThrow(
      expect.objectContaining({
        code: 'RELEASE_EXPIRED',
        message: expect.stringContaining('2026-11-30T11:22:37'),
      }),
    );
  });

  it("is refused by a keyring without Debian's keys", async () => {
    const { bytes } = await load();
    await expect(
      verifyInRelease(bytes, { keyring: { keys: [], sources: [] }, now: INSIDE, input: IN_RELEASE }),
    ).rejects.toMatchObject({
      code: 'RELEASE_KEY_UNKNOWN',
    });
  });

  describe('its Packages index', () => {
    it('matches the SHA256 and size the InRelease lists and holds 3,020 stanzas', async () => {
      const { bytes, keyring } = await load();
      const { release } = await verifyInRelease(bytes, { keyring, now: INSIDE, input: IN_RELEASE });
      const entry = releaseEntry(release, 'main/binary-amd64/Packages', IN_RELEASE);
      // README: SHA256 6a76270e… and size 2,526,003, for the uncompressed file.
      expect(entry.sha256).toBe('6a76270e9f19326bc8681136eba244cc44c18da5f16a5f0d427189e16f24bac1');
      expect(entry.size).toBe(2_526_003);
      const packages = await decompressBytes(await readFile(requireReferenceData(PACKAGES)), 'xz');
      expect(() => verifyIndexBytes(packages, entry, PACKAGES)).not.toThrow();
      expect(parseStanzas(packages.toString('utf8'))).toHaveLength(3_020);
    });

    it('refuses the index with one byte changed', async () => {
      const { bytes, keyring } = await load();
      const { release } = await verifyInRelease(bytes, { keyring, now: INSIDE, input: IN_RELEASE });
      const entry = releaseEntry(release, 'main/binary-amd64/Packages', IN_RELEASE);
      const packages = await decompressBytes(await readFile(requireReferenceData(PACKAGES)), 'xz');
      packages[100] = packages[100]! ^ 1;
      expect(() => verifyIndexBytes(packages, entry, PACKAGES)).toThrow(
        expect.objectContaining({ code: 'INDEX_DIGEST_MISMATCH' }),
      );
    });
  });
});
