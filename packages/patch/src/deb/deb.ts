import { isCustodyError } from '@custody/core';
import tar, { type Header } from 'tar-stream';
import { parseStanzas, type Stanza } from '../index-model/index.js';
import { type ArMember, debInvalid as invalid, readArMembers } from './ar.js';
import { type Compression, compressionOf, decompress } from './decompress.js';

/** Maintainer scripts and hooks dpkg runs or reads from control.tar (deb-maintscripts(5), deb-triggers(5)). */
export const MAINTAINER_SCRIPTS = ['preinst', 'postinst', 'prerm', 'postrm', 'config', 'triggers'] as const;

/** What control.tar holds. */
export interface DebControl {
  /** The `control` paragraph. */
  fields: Stanza;
  /** `conffiles`: absolute paths dpkg treats as configuration (deb-conffiles(5)). */
  conffiles: string[];
  /** `md5sums`: path (as written, without leading `/`) to hex MD5. */
  md5sums: Map<string, string>;
  /** Maintainer scripts present, by name, as text. */
  scripts: Partial<Record<(typeof MAINTAINER_SCRIPTS)[number], string>>;
  /** Every regular file of control.tar by name (`./` stripped), as bytes. */
  files: Map<string, Buffer>;
}

/** One entry of data.tar: the tar header and, for regular files, the content as a stream. */
export interface DebDataEntry {
  /** The path as written in data.tar (`./usr/bin/hello`). */
  name: string;
  type: Header['type'];
  mode: number;
  size: number;
  uid: number;
  gid: number;
  uname?: string;
  gname?: string;
  mtime?: Date;
  linkname?: string;
  /** The content; read it (or leave it: the next entry skips what is left). */
  body: AsyncIterable<Uint8Array>;
}

/** The parts of a .deb, read in one pass over the stream. */
export interface DebArchive {
  /** `debian-binary`: the format version, `2.0`. */
  formatVersion: string;
  control: DebControl;
  controlCompression: Compression;
  dataCompression: Compression;
  /** data.tar entries, streamed; iterate once. */
  entries: AsyncIterable<DebDataEntry>;
}

async function readBody(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function memberCompression(member: ArMember, prefix: string, input: string): Compression {
  const compression = compressionOf(member.name);
  if (!member.name.startsWith(prefix) || compression === undefined) {
    throw invalid(input, `unsupported member "${member.name}" where ${prefix}{,.gz,.xz,.zst} belongs`);
  }
  return compression;
}

function stripDot(name: string): string {
  return name.replace(/^\.\//, '').replace(/\/$/, '');
}

async function readControl(
  member: ArMember,
  input: string,
): Promise<{ control: DebControl; compression: Compression }> {
  const compression = memberCompression(member, 'control.tar', input);
  const files = new Map<string, Buffer>();
  const extract = tarOf(member, compression);
  try {
    for await (const entry of extract) {
      if (entry.header.type === 'file')
        files.set(stripDot(entry.header.name), await readBody(entry as AsyncIterable<Uint8Array>));
      else entry.resume();
    }
  } catch (error) {
    // Errors of the source (a digest check, the network) keep their own code.
    if (isCustodyError(error)) throw error;
    throw invalid(input, `control.tar: ${(error as Error).message}`, error);
  }
  const controlText = files.get('control');
  if (controlText === undefined) throw invalid(input, 'control.tar has no control file');
  const fields = parseStanzas(controlText.toString('utf8'))[0];
  if (fields === undefined) throw invalid(input, 'the control file is empty');
  const lines = (name: string) =>
    (files.get(name)?.toString('utf8') ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
  const md5sums = new Map<string, string>();
  for (const line of lines('md5sums')) {
    const match = /^([0-9a-f]{32})\s+(.+)$/.exec(line);
    if (match !== null) md5sums.set(match[2]!, match[1]!);
  }
  const scripts: DebControl['scripts'] = {};
  for (const name of MAINTAINER_SCRIPTS) {
    const script = files.get(name);
    if (script !== undefined) scripts[name] = script.toString('utf8');
  }
  return { control: { fields, conffiles: lines('conffiles'), md5sums, scripts, files }, compression };
}

/** The tar inside a member, decompressed as it streams; a decompression error ends the tar too. */
function tarOf(member: ArMember, compression: Compression): tar.Extract {
  const extract = tar.extract();
  const source = decompress(member.body, compression);
  source.on('error', (error) => extract.destroy(error));
  source.pipe(extract);
  return extract;
}

async function* dataEntries(
  member: ArMember,
  compression: Compression,
  input: string,
): AsyncGenerator<DebDataEntry> {
  const extract = tarOf(member, compression);
  try {
    for await (const entry of extract) {
      const h = entry.header;
      yield {
        name: h.name,
        type: h.type ?? 'file',
        mode: h.mode ?? 0,
        size: h.size ?? 0,
        uid: h.uid ?? 0,
        gid: h.gid ?? 0,
        ...(h.uname !== undefined ? { uname: h.uname } : {}),
        ...(h.gname !== undefined ? { gname: h.gname } : {}),
        ...(h.mtime !== undefined ? { mtime: h.mtime } : {}),
        ...(h.linkname ? { linkname: h.linkname } : {}),
        body: entry as AsyncIterable<Uint8Array>,
      };
      entry.resume(); // skip what the consumer left unread
    }
  } catch (error) {
    if (isCustodyError(error)) throw error;
    throw invalid(input, `data.tar: ${(error as Error).message}`, error);
  }
}

/**
 * Opens a .deb as a stream (deb(5)): checks `debian-binary`, reads control.tar whole (it is
 * small) and hands back data.tar's entries as a stream, so a package of any size passes with
 * flat memory. Members must come in dpkg's order; a `_`-prefixed member (signatures, dpkg-sig)
 * is skipped, as dpkg does.
 */
export async function openDeb(source: AsyncIterable<Uint8Array>, input: string): Promise<DebArchive> {
  const members = readArMembers(source, input);
  const next = async (): Promise<ArMember | undefined> => {
    for (let m = await members.next(); m.done !== true; m = await members.next()) {
      if (!m.value.name.startsWith('_')) return m.value;
      m.value.body.resume();
    }
    return undefined;
  };
  const binary = await next();
  if (binary?.name !== 'debian-binary') throw invalid(input, 'the first member is not debian-binary');
  const formatVersion = (await readBody(binary.body)).toString('latin1').trim();
  if (!/^2\.\d+$/.test(formatVersion)) throw invalid(input, `unsupported format version "${formatVersion}"`);
  const controlMember = await next();
  if (controlMember === undefined) throw invalid(input, 'no control.tar member');
  const { control, compression: controlCompression } = await readControl(controlMember, input);
  const dataMember = await next();
  if (dataMember === undefined) throw invalid(input, 'no data.tar member');
  const dataCompression = memberCompression(dataMember, 'data.tar', input);
  return {
    formatVersion,
    control,
    controlCompression,
    dataCompression,
    entries: (async function* () {
      yield* dataEntries(dataMember, dataCompression, input);
      // Read the .deb to its very end: a digest check on the source (VerifyingStream) can only
      // speak there, and data.tar's end-of-archive blocks come before it. Until this returns,
      // the caller must not trust what it was given.
      for (let m = await members.next(); m.done !== true; m = await members.next()) {}
    })(),
  };
}
