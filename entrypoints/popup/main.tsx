import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { walletStore } from '@/lib/state/hooks';
import { App } from './App';
import './style.css';

walletStore.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
