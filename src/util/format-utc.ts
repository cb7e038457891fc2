/** `2024-05-01 12:00:03 UTC` from an ISO 8601 UTC timestamp (anything else is returned as it is). */
export function formatUtc(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}
