import type { ReportData } from '../report-data.js';

/** The report's data travels gzip-compressed and base64-encoded: a third of the raw JSON, and inert as markup. */
export async function decodeData(base64: string): Promise<ReportData> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return JSON.parse(await new Response(stream).text()) as ReportData;
}
