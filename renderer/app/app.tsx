/**
 * The console window: header bar over three columns — the navigation tree, the selected node's content
 * (mailboxes, groups, lists, settings, keys and certificates, or search results) and the open mailbox's
 * properties. F5 reloads.
 */
import { useEffect, useState } from 'react';
import type { Mailbox, TenantSummary } from '../../shared/model/hosting';
import { selectedTenantSummary } from '../state/console-state';
import { permissionsFor } from '../state/permissions';
import { useAuditViewApi, useConsoleActions, useConsoleState } from '../state/store-context';
import { ConnectionManager } from './dialogs/connection-manager';
import { CreateMailboxDialog } from './dialogs/create-mailbox-dialog';
import { CreateTenantDialog } from './dialogs/create-tenant-dialog';
import { DeletedItemsPane } from './deleted-items-pane';
import { DomainUsersBanner } from './domain-users-banner';
import { GroupPane } from './group-pane';
import { HeaderBar } from './header-bar';
import { ImportDialog } from './import/import-dialog';
import { MailboxEditor } from './mailbox-editor/mailbox-editor';
import { MailboxPane } from './mailbox-pane';
import { SearchResults } from './search-results';
import { TenantPane } from './tenant-pane';
import { TenantSettingsPane } from './tenant-settings-pane';
import { KeysPane } from '../keys/keys-pane';
import { ReportTabs, ReportView, type ConsoleView } from '../audit/report-tabs';

type OpenDialog = 'connections' | 'new-tenant' | 'new-mailbox' | null;

export function App() {
  const state = useConsoleState();
  const actions = useConsoleActions();
  const auditViewApi = useAuditViewApi();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [view, setView] = useState<ConsoleView>('directory');
  // Held apart from the selection: a reload of the tenant list must not unmount the import dialog.
  const [importInto, setImportInto] = useState<TenantSummary | null>(null);
  // "New mailbox" from a copy of this one (its groups, quota and domain).
  const [copyOf, setCopyOf] = useState<Mailbox | null>(null);
  const tenant = selectedTenantSummary(state);
  const permissions = permissionsFor(state.session.status === 'ready' ? state.session.value : null);

  // F5 anywhere reloads the console's data, never the page (which would drop the session cookie's context).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'F5' || event.defaultPrevented) return;
      event.preventDefault();
      void actions.refresh();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);

  let content;
  if (state.search !== null) content = <SearchResults search={state.search} />;
  else if (tenant === null) {
    content = (
      <section className="pane content-pane" aria-label="Content" data-state="none">
        <p className="pane__placeholder">Choose a tenant in the tree, or search all tenants above.</p>
      </section>
    );
  } else if (state.section === 'mailboxes' && state.mailboxes !== null) {
    content = <MailboxPane tenant={tenant} listing={state.mailboxes} openLogin={state.openMailbox} canCreate={permissions.editTenant(tenant.name)} onNewMailbox={() => {
          setCopyOf(null);
          setDialog('new-mailbox');
        }} onImport={() => setImportInto(tenant)} />;
  } else if (state.section === 'groups' || state.section === 'lists') {
    content = <GroupPane tenant={tenant} kind={state.section === 'groups' ? 'security' : 'distribution'} permissions={permissions} />;
  } else if (state.section === 'keys') {
    content = <KeysPane key={tenant.name} tenant={tenant} />;
  } else if (state.section === 'deleted') {
    content = <DeletedItemsPane key={tenant.name} tenant={tenant} permissions={permissions} />;
  } else content = <TenantSettingsPane tenant={tenant} permissions={permissions} />;

  const showProperties = tenant !== null && state.openMailbox !== null && state.search === null;
  return (
    <div className="console">
      <HeaderBar onConnections={() => setDialog('connections')} />
      <DomainUsersBanner />
      <ReportTabs view={view} onChange={setView} host={permissions.hostSettings} />
      {view !== 'directory' && <ReportView view={view} api={auditViewApi} host={permissions.hostSettings} />}
      <main className={showProperties ? 'console__body console__body--properties' : 'console__body'} hidden={view !== 'directory'}>
        <TenantPane onNewTenant={() => setDialog('new-tenant')} />
        {content}
        {showProperties && (
          <MailboxEditor
            key={`${tenant.name}/${state.openMailbox}`}
            tenant={tenant}
            login={state.openMailbox ?? ''}
            permissions={permissions}
            onCopy={(mailbox) => {
              setCopyOf(mailbox);
              setDialog('new-mailbox');
            }}
          />
        )}
      </main>
      {dialog === 'connections' && <ConnectionManager onClose={() => setDialog(null)} />}
      {dialog === 'new-tenant' && (
        <CreateTenantDialog
          onClose={() => setDialog(null)}
          onCreated={(created) => {
            setDialog(null);
            void actions.selectTenant(created.name);
          }}
        />
      )}
      {importInto !== null && <ImportDialog key={importInto.name} tenant={importInto} onClose={() => setImportInto(null)} />}
      {dialog === 'new-mailbox' && tenant !== null && (
        <CreateMailboxDialog
          tenant={tenant}
          copyOf={copyOf}
          onClose={() => setDialog(null)}
          onCreated={(created) => {
            setDialog(null);
            actions.openMailbox(created.login);
          }}
        />
      )}
    </div>
  );
}
