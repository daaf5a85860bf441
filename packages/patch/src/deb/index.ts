export { type ArMember, readArMembers } from './ar.js';
export { type DebArchive, type DebControl, type DebDataEntry, MAINTAINER_SCRIPTS, openDeb } from './deb.js';
export { type Compression, compressionOf, decompress, decompressBytes } from './decompress.js';
