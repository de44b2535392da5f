import { describe, expect, it } from 'vitest';
import { assertConfigurablePassword } from '../../../main/mail/mail-config-options';
import { generateServicePassword } from '../../../main/hosting/service-account-service';

describe('assertConfigurablePassword()', () => {
  it('takes every generated service password', () => {
    for (let i = 0; i < 100; i++) expect(() => assertConfigurablePassword(generateServicePassword())).not.toThrow();
  });

  it('refuses what Dovecot or Postfix would read differently: spaces, quotes, escapes, expansions, comments', () => {
    for (const bad of ['', 'has space', 'quo"te', "it's", 'back\\slash', 'per%cent', 'dol$lar', 'hash#tag', 'tick`', 'tab\there']) {
      expect(() => assertConfigurablePassword(bad), bad).toThrow(/create a new service account/);
    }
  });
});
