/** A value fetched from main: not asked for yet, on its way, here, or failed with a typed error. */
import type { EnclaveError } from '../../shared/errors';

export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'failed'; error: EnclaveError };

export const idle: Loadable<never> = { status: 'idle' };
export const loading: Loadable<never> = { status: 'loading' };
export const ready = <T>(value: T): Loadable<T> => ({ status: 'ready', value });
export const failed = (error: EnclaveError): Loadable<never> => ({ status: 'failed', error });

/** The value when ready, else null. */
export const valueOf = <T>(loadable: Loadable<T>): T | null => (loadable.status === 'ready' ? loadable.value : null);
