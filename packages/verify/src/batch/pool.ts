import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { VerifyError } from '../errors.js';
import type { BatchItem, BatchOptions, BatchResult } from './batch-types.js';
import { verifyBatchHere } from './verify-batch.js';

const CHUNK = 32;

/**
 * The worker script, through the package's own `./worker` export rather than a path beside this
 * module: code bundled into another file (the custody CLI is) still finds it.
 */
const WORKER = new URL(import.meta.resolve('@custody/verify/worker'));

interface Pending {
  resolve: (results: BatchResult[]) => void;
  reject: (error: Error) => void;
}

/**
 * A pool of worker threads verifying bundles in parallel. Each worker builds its trust context
 * once; chunks of bundles go to whichever worker is free. Start it once and reuse it for many
 * batches: a worker costs a module load and a trust parse.
 */
export class VerifierPool {
  private readonly workers: Worker[];
  private readonly idle: Worker[];
  private readonly queue: { id: number; items: BatchItem[] }[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly busy = new Map<Worker, number>();
  private nextId = 0;

  private constructor(workers: Worker[]) {
    this.workers = workers;
    this.idle = [...workers];
    for (const worker of workers) {
      worker.on('message', (message: { id: number; results?: BatchResult[]; error?: string }) => {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        this.busy.delete(worker);
        this.idle.push(worker);
        if (message.error !== undefined) pending?.reject(new VerifyError('INPUT_UNREADABLE', message.error));
        else pending?.resolve(message.results ?? []);
        this.dispatch();
      });
      worker.on('error', (error) => {
        const id = this.busy.get(worker);
        if (id !== undefined) this.pending.get(id)?.reject(error);
      });
    }
  }

  /** Starts `concurrency` workers (default: available cores). */
  static start(options: BatchOptions, concurrency: number = availableParallelism()): VerifierPool {
    const workers = Array.from(
      { length: Math.max(1, concurrency) },
      () => new Worker(WORKER, { workerData: options }),
    );
    return new VerifierPool(workers);
  }

  /** Verifies `items`; results in the order given. */
  async verify(items: BatchItem[]): Promise<BatchResult[]> {
    const chunks: Promise<BatchResult[]>[] = [];
    for (let start = 0; start < items.length; start += CHUNK) {
      const id = this.nextId++;
      chunks.push(
        new Promise((resolve, reject) => {
          this.pending.set(id, { resolve, reject });
          this.queue.push({ id, items: items.slice(start, start + CHUNK) });
        }),
      );
    }
    this.dispatch();
    return (await Promise.all(chunks)).flat();
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      const job = this.queue.shift() as { id: number; items: BatchItem[] };
      this.busy.set(worker, job.id);
      worker.postMessage(job);
    }
  }
}

/**
 * Verifies many bundles: with `concurrency` above 1 in a pool of worker threads started for this
 * call, else in this thread. Every bundle is verified in full; only parsed trust is shared.
 */
export async function verifyBundles(
  items: BatchItem[],
  options: BatchOptions & { concurrency?: number } = {},
): Promise<BatchResult[]> {
  const { concurrency = 1, ...shared } = options;
  if (concurrency <= 1) return verifyBatchHere(items, shared);
  const pool = VerifierPool.start(shared, concurrency);
  try {
    return await pool.verify(items);
  } finally {
    await pool.close();
  }
}
