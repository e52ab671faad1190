import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';

export interface SignedPostOptions {
  /** Unix seconds to sign with; default now. A value 301 s old is stale for Bolt. */
  timestamp?: number;
  /** Sign with this secret instead of the app's (a forged request). */
  secret?: string;
}

export interface DeliveryResult {
  status: number;
  body: string;
  latencyMs: number;
}

/**
 * Slack's side of HTTP mode (PLATFORMS.md §3): POSTs form bodies to the app's request URL, signed the way Slack
 * signs them: `v0=` HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret, and the exact
 * `application/x-www-form-urlencoded` content type Bolt insists on.
 */
export function createHttpDriver(requestUrl: string, signingSecret: string) {
  const post = async (body: string, options: SignedPostOptions = {}): Promise<DeliveryResult> => {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', options.secret ?? signingSecret)
      .update(`v0:${timestamp}:${body}`)
      .digest('hex');
    const started = performance.now();
    const response = await fetch(requestUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': `v0=${signature}`,
      },
      body,
    });
    const text = await response.text();
    return { status: response.status, body: text, latencyMs: performance.now() - started };
  };
  return {
    /** A slash command: its fields form-encoded. */
    command: (payload: Record<string, string>, options?: SignedPostOptions) =>
      post(new URLSearchParams(payload).toString(), options),
    /** An interaction: one form field `payload` holding the JSON. */
    interaction: (payload: unknown, options?: SignedPostOptions) =>
      post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), options),
  };
}

export type HttpDriver = ReturnType<typeof createHttpDriver>;
