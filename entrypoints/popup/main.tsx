import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { walletStore } from '@/lib/state/hooks';
import { App } from './App';
import './style.css';

walletStore.start();
// Ask for the status before React's first render: every screen needs it.
void walletStore.getState().refresh('status');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
