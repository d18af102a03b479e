/** `#case=<id>&candidate=<name>`: survives a reload and can be pasted into a review thread. */
export interface Link {
  caseId: string;
  candidate: string | null;
}

export function readLink(hash: string): Link | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const caseId = params.get('case');
  return caseId === null ? null : { caseId, candidate: params.get('candidate') };
}

export function writeLink(link: Link): string {
  const params = new URLSearchParams({ case: link.caseId });
  if (link.candidate !== null) params.set('candidate', link.candidate);
  return `#${params.toString()}`;
}
