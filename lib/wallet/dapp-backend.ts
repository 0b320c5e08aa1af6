// Binds the dapp method table (lib/provider) to the wallet: keyring for accounts and signatures, the
// networks' quorum clients for reads and broadcast, the transactions lib for nonce, fees and sending.

import { type Address, getAddress, type Hex } from 'viem';
import type { KeyringService } from '../keyring';
import type { Portfolio, TokenList } from '../portfolio';
import {
  type DappBackend,
  type DappTransactionRequest,
  type PreparedDappTransaction,
  ReviewedNonceTakenError,
  type SiteStore,
} from '../provider/backend';
import type { DappSettings } from '../provider/dapp-settings';
import { ErrorCode, ProviderError } from '../provider/errors';
import type { QuorumClient } from '../rpc';
import { applyDappPolicy } from '../rpc';
import { isEstablished } from '../rpc/types';
import { type ChainAccess, NonceTakenError, type PreparedTransaction, type TransactionSender } from '../transactions';
import type { Networks } from './networks';
import { previewTransaction, previewTransactions } from './preview';
import type { ProbeResult } from './probe';

export interface CreateDappBackendParameters {
  keyring: KeyringService;
  networks: Networks;
  transactions: TransactionSender;
  portfolio: Pick<Portfolio, 'readToken'>;
  tokens: Pick<TokenList, 'add'>;
  sites: SiteStore;
  settings: DappSettings;
  probe(url: string): Promise<ProbeResult>;
  now?: () => number;
}

/** A head younger than this is fresh enough for a filter poll; older, the sources are asked again. */
const HEAD_FRESH_MS = 1_000;

/**
 * What the transactions lib calls a chain: the network's quorum client, under the dapp policy; `agreed`
 * also says whether k operators agreed, so nonce, gas and fees from fewer are flagged, never used silently.
 */
export async function chainAccess(networks: Networks, chainId: number): Promise<ChainAccess> {
  const client = await networks.client(chainId);
  return {
    chainId,
    request: (args) => client.requestForDapp(args),
    async agreed(args) {
      const result = await client.request(args);
      // Conflicts, no answer and agreed errors throw as for a dapp; an unconfirmed value is returned flagged.
      const value = applyDappPolicy(result, { strict: false });
      // A proven value (verified) is at least as good as k agreeing operators.
      return { value, confirmed: isEstablished(result.status) };
    },
  };
}

export function toPreparedView(tx: PreparedTransaction): PreparedDappTransaction {
  const price = tx.type === 'eip1559' ? tx.maxFeePerGas : tx.gasPrice;
  return {
    chainId: tx.chainId,
    from: tx.from,
    to: tx.to,
    value: tx.value.toString(),
    data: tx.data ?? '0x',
    gas: tx.gas.toString(),
    nonce: tx.nonce,
    ...(tx.type === 'eip1559'
      ? { maxFeePerGas: tx.maxFeePerGas.toString(), maxPriorityFeePerGas: tx.maxPriorityFeePerGas.toString() }
      : { gasPrice: tx.gasPrice.toString() }),
    estimatedFeeWei: (tx.gas * price).toString(),
    ...(tx.unconfirmed?.length ? { unconfirmed: [...tx.unconfirmed] } : {}),
  };
}

export function fromPreparedView(view: PreparedDappTransaction): PreparedTransaction {
  const base = {
    chainId: view.chainId,
    from: getAddress(view.from),
    to: view.to ? getAddress(view.to) : null,
    value: BigInt(view.value),
    data: view.data,
    gas: BigInt(view.gas),
    nonce: view.nonce,
    ...(view.unconfirmed?.length ? { unconfirmed: [...view.unconfirmed] } : {}),
  };
  return view.gasPrice !== undefined
    ? { ...base, type: 'legacy', gasPrice: BigInt(view.gasPrice) }
    : {
        ...base,
        type: 'eip1559',
        maxFeePerGas: BigInt(view.maxFeePerGas ?? '0'),
        maxPriorityFeePerGas: BigInt(view.maxPriorityFeePerGas ?? '0'),
      };
}

export function createDappBackend({
  keyring,
  networks,
  transactions,
  portfolio,
  tokens,
  sites,
  settings,
  probe,
  now = Date.now,
}: CreateDappBackendParameters): DappBackend {
  /** A token's symbol and decimals for previews; null where it cannot be read. */
  const tokenOrNull = (chainId: number, address: Address) =>
    portfolio.readToken({ chainId, address }).catch(() => null);

  return {
    wallet: {
      async state() {
        const status = await keyring.status();
        return {
          initialized: status.initialized,
          unlocked: status.unlocked,
          accounts: status.accounts.map((a) => a.address),
          selectedAddress: status.selectedAddress,
        };
      },
      unlock: (password) => keyring.unlock(password),
      signMessage: (address, message) => keyring.signPersonalMessage(address, message),
      signTypedData: (address, data, version) => keyring.signTypedData(address, data, version),
    },

    networks: {
      currentChainId: () => networks.selectedChainId(),
      async get(chainId) {
        const network = await networks.get(chainId);
        return network
          ? { chainId: network.chainId, name: network.name, symbol: network.symbol, decimals: network.decimals }
          : null;
      },
      select: (chainId) => networks.select(chainId),
      async add(network) {
        await networks.add(network);
      },
      async warmUp(chainId) {
        // Started, not awaited: the page's first read finds the sources checked and the head known.
        void (await networks.client(chainId)).refreshHead().catch(() => {});
      },
      async probe(url) {
        const { chainId, latencyMs, error } = await probe(url);
        return { chainId, latencyMs, ...(error ? { error } : {}) };
      },
      async request(chainId, request) {
        const client = await networks.client(chainId);
        return client.requestForDapp(request);
      },
      async agreedHead(chainId) {
        const client = await networks.client(chainId);
        const known = client.anchor();
        const anchor = known && now() - known.at < HEAD_FRESH_MS ? known : await client.refreshHead();
        // No source answered the refresh: the anchor kept is an old one. Refused as a read would be, so
        // filters do not report a chain that stopped, and the page hears `disconnect`.
        if (client.sourcesAnswered() === false) throw sourcesUnreachable(chainId, client);
        return anchor ? { number: anchor.number, hash: anchor.hash } : null;
      },
    },

    transactions: {
      async prepare(request: DappTransactionRequest) {
        // A dapp's nonce is dropped, as in other wallets: the wallet knows its own pending transactions.
        const { nonce: _dropped, chainId, ...rest } = request;
        const prepared = await transactions.prepare(rest, await chainAccess(networks, chainId));
        return toPreparedView(prepared);
      },
      async send(view, { origin, acceptUnconfirmed = false }): Promise<Hex> {
        const chain = await chainAccess(networks, view.chainId);
        try {
          const options = { origin, prepared: true, acceptUnconfirmed };
          const { hash } = await transactions.send(fromPreparedView(view), chain, options);
          return hash;
        } catch (error) {
          if (error instanceof NonceTakenError) throw new ReviewedNonceTakenError(error.nextNonce);
          throw error;
        }
      },
      async preview(view) {
        return previewTransaction(await networks.client(view.chainId), view, tokenOrNull);
      },
      async previewBatch(batch) {
        return previewTransactions(await networks.client(batch.chainId), batch, tokenOrNull);
      },
    },

    tokens: {
      async describe(chainId, address: Address) {
        try {
          const token = await portfolio.readToken({ chainId, address });
          return { symbol: token.symbol, decimals: token.decimals, name: token.name };
        } catch {
          return null;
        }
      },
      add: (token) => tokens.add(token),
    },

    sites,
    settings,
  };
}

/** Every enabled source failed the head refresh: the shape the quorum client's dapp policy gives `unavailable`. */
function sourcesUnreachable(chainId: number, client: QuorumClient): ProviderError {
  const sources = client
    .health()
    .filter((s) => s.enabled)
    .map((s) => ({ id: s.id, operator: s.operator, status: 'error', error: s.lastError?.kind ?? 'unreachable' }));
  const detail = sources.map((s) => `${s.id}: ${s.error}`).join(', ');
  return new ProviderError(
    ErrorCode.internal,
    `Accord cannot reach any source of chain 0x${chainId.toString(16)} for its head block (${detail}).`,
    { reason: 'unavailable', method: 'eth_blockNumber', sources },
  );
}
