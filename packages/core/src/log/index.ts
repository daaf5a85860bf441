export {
  createLogger,
  formatBytes,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  type LogSink,
  type Progress,
  silentLogger,
} from './logger.js';
