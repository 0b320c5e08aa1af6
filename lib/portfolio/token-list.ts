// Which tokens an account's home screen reads: the chain's defaults, plus tokens the user added or a dapp
// asked to watch (wallet_watchAsset), minus defaults the user hid. Token lists are public data: storage.local.
import type { Address, TokenView } from '../messages/popup-api';
import type { KeyValueArea } from '../storage/areas';
import { defaultTokens as builtInDefaults } from './default-tokens';

export interface TokenList {
  list(chainId: number): Promise<TokenView[]>;
  /** Adds or updates a token; re-adding a hidden default shows it again. */
  add(token: TokenView): Promise<TokenView>;
  /** Removes an added token or hides a default one. */
  remove(chainId: number, address: Address): Promise<void>;
}

export interface CreateTokenListParameters {
  area: KeyValueArea;
  defaults?: (chainId: number) => TokenView[];
}

interface StoredChainTokens {
  added: TokenView[];
  hidden: string[];
}

const PREFIX = 'portfolio:tokens:';

export function createTokenList({ area, defaults = builtInDefaults }: CreateTokenListParameters): TokenList {
  // Serialises read-modify-write per chain so two quick adds (a dapp and the user) never lose one.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => {});
    return next;
  };

  async function read(chainId: number): Promise<StoredChainTokens> {
    const key = `${PREFIX}${chainId}`;
    const stored = (await area.get(key))[key] as Partial<StoredChainTokens> | undefined;
    return {
      added: Array.isArray(stored?.added) ? stored.added : [],
      hidden: Array.isArray(stored?.hidden) ? stored.hidden : [],
    };
  }

  async function write(chainId: number, value: StoredChainTokens): Promise<void> {
    await area.set({ [`${PREFIX}${chainId}`]: value });
  }

  return {
    async list(chainId) {
      const { added, hidden } = await read(chainId);
      const hiddenSet = new Set(hidden.map((a) => a.toLowerCase()));
      const addedSet = new Set(added.map((t) => t.address.toLowerCase()));
      const shownDefaults = defaults(chainId).filter(
        (t) => !hiddenSet.has(t.address.toLowerCase()) && !addedSet.has(t.address.toLowerCase()),
      );
      return [...shownDefaults, ...added];
    },

    add(token) {
      return serial(async () => {
        const stored = await read(token.chainId);
        const address = token.address.toLowerCase();
        const isDefault = defaults(token.chainId).some((t) => t.address.toLowerCase() === address);
        const hidden = stored.hidden.filter((a) => a.toLowerCase() !== address);
        const added = stored.added.filter((t) => t.address.toLowerCase() !== address);
        if (!isDefault) added.push(token);
        await write(token.chainId, { added, hidden });
        return isDefault ? (defaults(token.chainId).find((t) => t.address.toLowerCase() === address) ?? token) : token;
      });
    },

    remove(chainId, address) {
      return serial(async () => {
        const stored = await read(chainId);
        const lower = address.toLowerCase();
        const added = stored.added.filter((t) => t.address.toLowerCase() !== lower);
        const isDefault = defaults(chainId).some((t) => t.address.toLowerCase() === lower);
        const hidden =
          isDefault && !stored.hidden.some((a) => a.toLowerCase() === lower)
            ? [...stored.hidden, lower]
            : stored.hidden;
        await write(chainId, { added, hidden });
      });
    },
  };
}
