export { formatPurl, npmPurl, type Purl, parsePurl, tryParsePurl } from './purl.js';
