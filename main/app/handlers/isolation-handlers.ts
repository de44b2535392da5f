/** The access policy's review, the isolation verifier and the host's Domain Users chore: all flavor work. */
import type { CallHandlers } from '../dispatcher';
import type { SessionManager } from '../session-manager';

type IsolationCalls = 'getAccessRules' | 'verifyIsolation' | 'scanConformance' | 'listPendingPrimaryGroups' | 'finishPrimaryGroups';

export function createIsolationHandlers(sessions: SessionManager): Pick<CallHandlers, IsolationCalls> {
  return {
    getAccessRules: () => {
      const { flavor, services } = sessions.current();
      return flavor.accessRules(services.context);
    },
    verifyIsolation: ({ sample }) => {
      const { flavor, services } = sessions.current();
      return flavor.verifyIsolation({ admin: sessions.connectionSettings(), suffix: services.context.dialect.layout.suffix, ...(sample === undefined ? {} : { sample }) });
    },
    scanConformance: ({ tenant }) => {
      const { flavor, services } = sessions.current();
      return flavor.scanConformance(services.context, tenant ? { tenant } : {});
    },
    listPendingPrimaryGroups: () => {
      const { flavor, services } = sessions.current();
      return flavor.pendingPrimaryGroups(services.context);
    },
    finishPrimaryGroups: () => {
      const { flavor, services } = sessions.current();
      return flavor.finishPrimaryGroups(services.context);
    },
  };
}
