/** The saved connections the Connections dialog manages (connecting itself is a store action: it resets the console). */
import type { EnclaveApi } from '../../../shared/ipc/contract';
import type { StoreKernel } from './store-kernel';

export type ConnectionActions = Pick<EnclaveApi, 'listConnections' | 'saveConnection' | 'deleteConnection' | 'testConnection'>;

export function connectionActions({ api }: StoreKernel): ConnectionActions {
  return {
    listConnections: (request) => api.listConnections(request),
    saveConnection: (request) => api.saveConnection(request),
    deleteConnection: (request) => api.deleteConnection(request),
    testConnection: (request) => api.testConnection(request),
  };
}
