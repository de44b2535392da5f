import { describe, expect, it } from 'vitest';
import { contentRevision } from '../../../main/hosting/mailbox-revision';

const shown = ['sAMAccountName', 'proxyAddresses', 'msDS-cloudExtensionAttribute1'];
const peter = { dn: 'CN=peter,OU=Mailboxes,OU=Acme,OU=Tenants,DC=hosting,DC=test', sAMAccountName: 'peter', proxyAddresses: ['SMTP:peter@acme.test', 'smtp:pg@acme.test'], 'msDS-cloudExtensionAttribute1': '2147483648' };

describe('#contentRevision()', () => {
  it('ignores what the console does not show: a logon moves uSNChanged and lastLogonTimestamp, not the revision', () => {
    const before = contentRevision({ ...peter, uSNChanged: '4026' }, shown);
    expect(contentRevision({ ...peter, uSNChanged: '4028', lastLogonTimestamp: '134403106730404330' }, shown)).toBe(before);
  });

  it('moves when a shown value changes, appears or goes', () => {
    const before = contentRevision(peter, shown);
    expect(contentRevision({ ...peter, 'msDS-cloudExtensionAttribute1': '3221225472' }, shown)).not.toBe(before);
    expect(contentRevision({ ...peter, proxyAddresses: ['SMTP:peter@acme.test'] }, shown)).not.toBe(before);
    const { 'msDS-cloudExtensionAttribute1': _quota, ...withoutQuota } = peter;
    expect(contentRevision(withoutQuota, shown)).not.toBe(before);
  });

  it('is the same whatever the order of values and the spelling of attribute names the server sends', () => {
    const reordered = { dn: peter.dn, samaccountname: 'peter', PROXYADDRESSES: ['smtp:pg@acme.test', 'SMTP:peter@acme.test'], 'msds-cloudextensionattribute1': '2147483648' };
    expect(contentRevision(reordered, shown)).toBe(contentRevision(peter, shown));
  });

  it('tells a value moved between attributes apart', () => {
    expect(contentRevision({ dn: 'x', givenName: 'Ada', sn: '' }, ['givenName', 'sn'])).not.toBe(contentRevision({ dn: 'x', givenName: '', sn: 'Ada' }, ['givenName', 'sn']));
  });
});
