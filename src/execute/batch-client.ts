import type { EndpointTarget } from '../suite/types.js';
import type { BatchApi, BatchState } from './batch-types.js';
import { openaiClient } from './sdk-client.js';

// These calls are not cells: the SDK's own retries (with its backoff) cover a blip in one of them.
const CONTROL_RETRIES = 3;

/** Files and Batch API calls for one target, through the openai SDK. */
export async function createBatchApi(target: EndpointTarget, apiKey: string | undefined): Promise<BatchApi> {
  const sdk = await import('openai');
  const client = openaiClient(sdk, target, apiKey, CONTROL_RETRIES);
  return {
    async submit(jsonl, metadata) {
      const file = await client.files.create({ file: await sdk.toFile(Buffer.from(jsonl), 'pinned-batch.jsonl'), purpose: 'batch' });
      const batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h', metadata });
      return { batchId: batch.id, inputFileId: file.id };
    },
    async retrieve(batchId, signal): Promise<BatchState> {
      const batch = await client.batches.retrieve(batchId, { signal });
      return {
        status: batch.status,
        outputFileId: batch.output_file_id ?? null,
        errorFileId: batch.error_file_id ?? null,
        counts: batch.request_counts ?? null,
        errors: (batch.errors?.data ?? []).map((error) => [error.line ? `line ${error.line}` : '', error.code, error.message].filter(Boolean).join(': ')),
      };
    },
    async download(fileId, signal) {
      const response = await client.files.content(fileId, { signal });
      return response.text();
    },
  };
}
