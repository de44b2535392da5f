/** The tenant's password policy, read once while a password form is open (null until it arrives or when it cannot be read). */
import { useEffect, useState } from 'react';
import type { TenantPasswordPolicy } from '../../shared/model/password-policy';
import { useConsoleActions } from '../state/store-context';

export function usePasswordPolicy(tenant: string): TenantPasswordPolicy | null {
  const actions = useConsoleActions();
  const [policy, setPolicy] = useState<TenantPasswordPolicy | null>(null);
  useEffect(() => {
    let live = true;
    void actions.getTenantPasswordPolicy({ tenant }).then((result) => {
      if (live && result.ok) setPolicy(result.value);
    });
    return () => {
      live = false;
    };
  }, [actions, tenant]);
  return policy;
}
