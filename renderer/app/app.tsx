/** The console window: header bar over a tenant pane and the selected tenant's mailboxes. */
import { HeaderBar } from './header-bar';
import { MailboxPane } from './mailbox-pane';
import { TenantPane } from './tenant-pane';

export function App() {
  return (
    <div className="console">
      <HeaderBar />
      <main className="console__body">
        <TenantPane />
        <MailboxPane />
      </main>
    </div>
  );
}
