import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createActivityReporter } from '@/lib/state/background';
import { walletStore } from '@/lib/state/hooks';
import { App } from './App';
import './style.css';

walletStore.start();
// What the person does keeps the wallet unlocked; the popup's own polls do not.
const active = createActivityReporter();
for (const event of ['pointerdown', 'keydown', 'click'] as const)
  document.addEventListener(event, active, { capture: true });
// Ask for the status before React's first render: every screen needs it.
void walletStore.getState().refresh('status');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
