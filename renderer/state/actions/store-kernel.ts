/** What every group of store actions is built on: the API (held only here, in renderer/state/) and the reducer. */
import type { EnclaveApi } from '../../../shared/ipc/contract';
import type { ConsoleEvent, ConsoleState } from '../console-state';

export interface StoreKernel {
  api: EnclaveApi;
  dispatch(event: ConsoleEvent): void;
  getState(): ConsoleState;
}
