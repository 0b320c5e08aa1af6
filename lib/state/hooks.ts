// React bindings for the popup's mirror: select a slice, watch the topics a screen shows, tick a clock.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { ChangeTopic } from './background';
import { createWalletStore, type WalletActions, type WalletMirror } from './store';

export const walletStore = createWalletStore();

export function useWallet<T>(selector: (state: WalletMirror & WalletActions) => T): T {
  return useStore(walletStore, selector);
}

/** Keeps `topics` mirrored while the calling component is mounted. */
export function useWatch(...topics: ChangeTopic[]): void {
  const key = topics.join(',');
  useEffect(() => walletStore.getState().watch(...(key.split(',') as ChangeTopic[])), [key]);
}

/** Keeps `topics` re-read every poll interval while mounted (live health, latency charts). */
export function useLive(...topics: ChangeTopic[]): void {
  const key = topics.join(',');
  useEffect(() => walletStore.getState().live(...(key.split(',') as ChangeTopic[])), [key]);
}

/** The current time, re-read every `intervalMs` (for "3 min ago"). */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Balance reads ask every source while the calling component (the compare view) is mounted. */
export function useCompareSources(): void {
  useEffect(() => walletStore.getState().compareSources(), []);
}
