/**
 * The local ESLint plugin `enclave`: rules that keep Enclave's architecture true. Loaded by
 * eslint.config.js as plain ESM, no build step.
 */
import layering from './layering.js';
import noLdapStringBuilding from './no-ldap-string-building.js';

/** @type {import('eslint').ESLint.Plugin} */
const plugin = {
  meta: { name: 'enclave' },
  rules: {
    layering,
    'no-ldap-string-building': noLdapStringBuilding,
  },
};

export default plugin;
