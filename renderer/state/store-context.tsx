/** Hands the console store to components: they read state through hooks and call actions, nothing else (no API). */
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { EnclaveApi } from '../../shared/ipc/contract';
import type { ConsoleState } from './console-state';
import type { ConsoleActions, ConsoleStore } from './console-store';

const StoreContext = createContext<ConsoleStore | null>(null);

export function ConsoleStoreProvider({ store, children }: { store: ConsoleStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

function useStore(): ConsoleStore {
  const store = useContext(StoreContext);
  if (store === null) throw new Error('useConsoleState/useConsoleActions must be used inside <ConsoleStoreProvider>');
  return store;
}

/** The whole state; re-renders when any of it changes (slices are small and immutable). */
export function useConsoleState(): ConsoleState {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, store.getState);
}

export function useConsoleActions(): ConsoleActions {
  return useStore().actions;
}

/** The audit viewer's API, restricted to the audit calls (state/actions/audit-view-api.ts). */
export function useAuditViewApi(): EnclaveApi {
  return useStore().auditViewApi;
}
