export {
  CoreError,
  type CoreErrorCode,
  CustodyError,
  type CustodyErrorDetails,
  type ErrorKind,
  ExitStatus,
  exitStatusOf,
  isCustodyError,
} from './custody-error.js';
