import type { BatchClient, BatchState } from '../../judge/provider/batch-client.js';
import { BatchError } from './batch-error.js';
import type { BatchRepository, BatchRow } from '../../store/batch-repository.js';

/**
 * Asks the provider for a batch's state once and records it (status, request counts, output and error file
 * ids, validation errors). A failure after the SDK's own retries is `BATCH_POLL_FAILED`; nothing here retries.
 */
export async function pollBatch(repo: BatchRepository, client: BatchClient, row: BatchRow): Promise<BatchState> {
  let state: BatchState;
  try {
    state = await client.retrieve(row.id);
  } catch (err) {
    throw new BatchError('BATCH_POLL_FAILED', `could not get the state of batch ${row.id}: ${(err as Error).message}`, { cause: err });
  }
  repo.updateState(state);
  return state;
}

/** Waits `ms` (the poll interval), or less when `signal` aborts. Polling is not retrying: it only asks again later. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
