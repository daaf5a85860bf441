export {
  type AtomicFile,
  nullSink,
  openAtomic,
  temporaryPathFor,
  writeFileAtomic,
  writeStreamAtomic,
} from './atomic.js';
