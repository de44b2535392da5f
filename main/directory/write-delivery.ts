/**
 * What is known about a failed write's arrival: `not-sent` (it never left: no connection), `answered` (the server
 * sent a result code: it was refused, nothing applied), or `unknown` (it was sent and no answer came: the
 * connection dropped, the answer timed out, the server fell silent). Only `unknown` may have been applied.
 */
import { ResultCodeError } from 'ldapts';

export type WriteDelivery = 'not-sent' | 'answered' | 'unknown';

const deliveries = new WeakMap<object, WriteDelivery>();

/** Records how the write behind `error` (the error the caller will see) fared. */
export function markDelivery(error: object, delivery: WriteDelivery): void {
  deliveries.set(error, delivery);
}

/** How the write that failed with `error` fared; `unknown` unless known better. */
export function deliveryOf(error: unknown): WriteDelivery {
  if (error instanceof ResultCodeError) return 'answered';
  return (typeof error === 'object' && error !== null ? deliveries.get(error) : undefined) ?? 'unknown';
}

/** Classifies what the client threw for a write it was asked to send. */
export function classifyWriteError(error: unknown): WriteDelivery {
  if (error instanceof ResultCodeError) return 'answered';
  // ldapts refuses before sending anything when its socket is already gone.
  const message = error instanceof Error ? error.message : '';
  if (/socket connection not established/i.test(message)) return 'not-sent';
  return 'unknown';
}
