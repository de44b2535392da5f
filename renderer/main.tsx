/** Renderer entry: build the store on the API main exposes (preload bridge or loopback host), then render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getEnclaveApi } from './api/enclave-api';
import { App } from './app/app';
import { createConsoleStore } from './state/console-store';
import { ConsoleStoreProvider } from './state/store-context';
import './styles/theme.css';
import './styles/layout.css';
import './styles/tree.css';
import './styles/grid.css';
import './styles/table.css';
import './styles/forms.css';
import './styles/import.css';
import './styles/certificates.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

const store = createConsoleStore(getEnclaveApi());
// Started once here rather than in an effect, so StrictMode's double effects cannot subscribe twice.
store.actions.start();
// A page kept in the back/forward cache comes back and still needs its events.
window.addEventListener('pagehide', (event) => {
  if (!event.persisted) store.actions.dispose();
});

createRoot(container).render(
  <StrictMode>
    <ConsoleStoreProvider store={store}>
      <App />
    </ConsoleStoreProvider>
  </StrictMode>,
);
