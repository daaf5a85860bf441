import { parentPort, workerData } from 'node:worker_threads';
import type { BatchItem, BatchOptions } from './batch-types.js';
import { verifyBatchHere } from './verify-batch.js';

// A pool worker: parses the trust once (workerData), then verifies the chunks it is sent.
const options = workerData as BatchOptions;
parentPort?.on('message', (message: { id: number; items: BatchItem[] }) => {
  try {
    parentPort?.postMessage({ id: message.id, results: verifyBatchHere(message.items, options) });
  } catch (error) {
    parentPort?.postMessage({
      id: message.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
