import type { EndpointTarget } from '../suite/types.js';
import type { BatchApi, BatchState } from './batch-types.js';
import { openaiClient } from './sdk-client.js';

// These calls are not cells: the SDK's own retries (with its backoff) cover a blip in one of them.
const CONTROL_RETRIES = 3;
// Creating a batch is retried by hand instead: a lost answer may hide a batch that exists.
const CREATE_ATTEMPTS = 4;
const CREATE_BACKOFF_MS = 500;

type Client = InstanceType<typeof import('openai').OpenAI>;

/** Files and Batch API calls for one target, through the openai SDK. */
export async function createBatchApi(target: EndpointTarget, apiKey: string | undefined): Promise<BatchApi> {
  const sdk = await import('openai');
  const client = openaiClient(sdk, target, apiKey, CONTROL_RETRIES);
  return {
    async submit(jsonl, metadata) {
      // A second upload after a lost answer costs nothing; only batches are billed.
      const file = await client.files.create({ file: await sdk.toFile(Buffer.from(jsonl), 'pinned-batch.jsonl'), purpose: 'batch' });
      return { batchId: await createOnce(client, file.id, metadata), inputFileId: file.id };
    },
    async retrieve(batchId, signal): Promise<BatchState> {
      const batch = await client.batches.retrieve(batchId, { signal });
      return {
        status: batch.status,
        outputFileId: batch.output_file_id ?? null,
        errorFileId: batch.error_file_id ?? null,
        counts: batch.request_counts ?? null,
        errors: (batch.errors?.data ?? []).map((error) =>
          [error.line ? `line ${error.line}` : '', error.code, error.message].filter(Boolean).join(': '),
        ),
      };
    },
    async download(fileId, signal) {
      const response = await client.files.content(fileId, { signal });
      return response.text();
    },
  };
}

/**
 * Creates the batch for an uploaded file exactly once. The Batch API has no idempotency key, so
 * after a failed attempt (a timeout or 5xx may come after the batch was made) the provider's
 * list of batches is searched for one made from this file before another attempt is made.
 */
async function createOnce(client: Client, inputFileId: string, metadata: Record<string, string>): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const batch = await client.batches.create(
        { input_file_id: inputFileId, endpoint: '/v1/chat/completions', completion_window: '24h', metadata },
        { maxRetries: 0 },
      );
      return batch.id;
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      const mayHaveMade = typeof status !== 'number' || status >= 500 || status === 408 || status === 409 || status === 429;
      if (!mayHaveMade || attempt >= CREATE_ATTEMPTS) throw error;
      const made = await batchOfFile(client, inputFileId).catch(() => undefined);
      if (made) return made;
      await new Promise((resolve) => setTimeout(resolve, CREATE_BACKOFF_MS * 2 ** (attempt - 1)));
    }
  }
}

/** The newest batches come first; one made seconds ago is on the first page. */
async function batchOfFile(client: Client, inputFileId: string): Promise<string | undefined> {
  const page = await client.batches.list({ limit: 100 });
  return page.data.find((batch) => batch.input_file_id === inputFileId)?.id;
}
