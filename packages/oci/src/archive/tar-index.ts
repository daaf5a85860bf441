import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { OciError } from '../errors.js';

/** One member of a tar file, located by byte offset so it can be streamed on demand. */
export interface TarMember {
  name: string;
  type: 'file' | 'hardlink' | 'symlink' | 'directory' | 'other';
  /** Offset of the member's data in the tar file. */
  offset: number;
  size: number;
  linkname?: string;
}

const BLOCK = 512;

function text(block: Buffer, start: number, length: number): string {
  const slice = block.subarray(start, start + length);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul === -1 ? slice.length : nul).toString('utf8');
}

/** Numeric header fields: octal text, or base-256 when the high bit is set (GNU, for sizes ≥ 8 GiB). */
function numeric(block: Buffer, start: number, length: number): number {
  const first = block[start] ?? 0;
  if ((first & 0x80) !== 0) {
    let value = first & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + (block[start + i] ?? 0);
    return value;
  }
  const digits = text(block, start, length).trim();
  return digits === '' ? 0 : Number.parseInt(digits, 8);
}

/** PAX extended header records: `LEN key=value\n` (POSIX pax format). */
function paxRecords(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const length = Number.parseInt(data.subarray(at, space).toString('utf8'), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    at += length;
  }
  return out;
}

function normalize(name: string): string {
  return posix
    .normalize(name)
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '')
    .replace(/\/$/, '');
}

async function readAt(handle: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, offset);
  return buffer.subarray(0, bytesRead);
}

/**
 * Indexes a tar file by reading only its headers (ustar, GNU long names, PAX records), so that
 * archives of any size open at once and members stream straight from disk.
 */
export class TarIndex {
  readonly path: string;
  readonly members = new Map<string, TarMember>();

  private constructor(path: string) {
    this.path = path;
  }

  static async open(path: string, name: string): Promise<TarIndex> {
    const index = new TarIndex(path);
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (cause) {
      throw new OciError('INVALID_ARCHIVE', `${name}: cannot open ${path}`, { input: name, cause });
    }
    try {
      const { size: fileSize } = await handle.stat();
      let offset = 0;
      let longName: string | undefined;
      let longLink: string | undefined;
      let pax: Record<string, string> = {};
      while (offset + BLOCK <= fileSize) {
        const header = await readAt(handle, offset, BLOCK);
        if (header.every((b) => b === 0)) break;
        const magic = text(header, 257, 6);
        if (!magic.startsWith('ustar') && header[156] === undefined) {
          throw new OciError('INVALID_ARCHIVE', `${name}: not a tar file`, { input: name });
        }
        const size = numeric(header, 124, 12);
        const typeflag = String.fromCharCode(header[156] ?? 0);
        const dataOffset = offset + BLOCK;
        offset = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
        if (typeflag === 'L' || typeflag === 'K' || typeflag === 'x' || typeflag === 'g') {
          const data = await readAt(handle, dataOffset, size);
          if (typeflag === 'L') longName = text(data, 0, data.length);
          else if (typeflag === 'K') longLink = text(data, 0, data.length);
          else if (typeflag === 'x') pax = { ...pax, ...paxRecords(data) };
          continue;
        }
        const prefix = magic.startsWith('ustar') ? text(header, 345, 155) : '';
        const shortName = text(header, 0, 100);
        const rawName = pax.path ?? longName ?? (prefix !== '' ? `${prefix}/${shortName}` : shortName);
        const linkname = pax.linkpath ?? longLink ?? text(header, 157, 100);
        const memberSize = pax.size !== undefined ? Number(pax.size) : size;
        const type =
          typeflag === '0' || typeflag === '\0' || typeflag === '7'
            ? 'file'
            : typeflag === '1'
              ? 'hardlink'
              : typeflag === '2'
                ? 'symlink'
                : typeflag === '5'
                  ? 'directory'
                  : 'other';
        if (pax.size !== undefined) offset = dataOffset + Math.ceil(memberSize / BLOCK) * BLOCK;
        const member: TarMember = { name: normalize(rawName), type, offset: dataOffset, size: memberSize };
        if (type === 'hardlink' || type === 'symlink') member.linkname = linkname;
        index.members.set(member.name, member);
        longName = undefined;
        longLink = undefined;
        pax = {};
      }
    } finally {
      await handle.close();
    }
    return index;
  }

  /** The regular file a name leads to, following symlinks and hard links (docker save links layers). */
  resolve(name: string): TarMember | undefined {
    let current = this.members.get(normalize(name));
    for (let hops = 0; current !== undefined && hops < 16; hops++) {
      if (current.type === 'file') return current;
      if (current.linkname === undefined) return undefined;
      const target =
        current.type === 'symlink'
          ? posix.join(posix.dirname(current.name), current.linkname)
          : current.linkname;
      current = this.members.get(normalize(target));
    }
    return undefined;
  }

  /** Streams a member's bytes from the tar file. */
  stream(member: TarMember): Readable {
    if (member.size === 0) return createReadStream(this.path, { start: 1, end: 0 });
    return createReadStream(this.path, { start: member.offset, end: member.offset + member.size - 1 });
  }

  /** Reads a (small) member whole. */
  async read(member: TarMember): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.stream(member)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}
