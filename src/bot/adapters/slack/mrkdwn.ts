/** Slack's mrkdwn text rules shared by the renderers. */

/** The longest text a section (or a context element) may hold. */
export const SECTION_LIMIT = 3000;

/** Slack's mrkdwn needs only &, < and > escaped; everything else (code fences included) stays as typed. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Cuts text to `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
