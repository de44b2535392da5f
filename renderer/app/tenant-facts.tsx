/** A strip of the tenant's key facts: domains, mailbox count against its limit, default quota, pool. */
import type { TenantSummary } from '../../shared/model/hosting';
import { formatBytes } from '../format/format-bytes';

export function TenantFacts({ tenant }: { tenant: TenantSummary }) {
  return (
    <dl className="tenant-facts">
      <div className="tenant-facts__item">
        <dt>Mail domains</dt>
        <dd>
          <ul className="tenant-facts__domains" aria-label={`Mail domains of ${tenant.name}`}>
            {tenant.mailDomains.map((domain) => (
              <li key={domain}>{domain}</li>
            ))}
          </ul>
        </dd>
      </div>
      <div className="tenant-facts__item">
        <dt>Mailboxes</dt>
        <dd>
          {tenant.mailboxCount === null ? 'counting…' : tenant.mailboxCount.toLocaleString()}
          {tenant.mailboxLimit !== null && ` of ${tenant.mailboxLimit.toLocaleString()} allowed`}
        </dd>
      </div>
      <div className="tenant-facts__item">
        <dt>Default quota</dt>
        <dd>{tenant.defaultQuotaBytes !== null ? formatBytes(tenant.defaultQuotaBytes) : 'Not set'}</dd>
      </div>
      <div className="tenant-facts__item">
        <dt>Storage pool</dt>
        <dd>{tenant.storagePoolBytes !== null ? formatBytes(tenant.storagePoolBytes) : 'No limit'}</dd>
      </div>
    </dl>
  );
}
