// What a dapp asks the user to approve, as the approval window shows it, and a transaction's preview: plain
// data the background stores in storage.session and the window renders (re-exported by popup-api.ts).
import type { TokenPermission } from '../provider/typed-data-meaning';
import type { Simulation } from '../rpc/simulation';
import type { Address, Hex, TokenView } from './popup-api';

/** A transaction's effects, simulated over proven state (lib/rpc/simulation.ts), with the tokens it moves named. */
export type TransactionPreview =
  | (Extract<Simulation, { status: 'verified' }> & {
      /** Symbol and decimals of each token an effect names (lower-case address), where they could be read. */
      tokens: Record<string, { symbol: string; decimals: number }>;
      /** The gas limit the transaction will be signed with, when it is already set (not for a batch). */
      gasLimit?: string;
    })
  | Extract<Simulation, { status: 'unavailable' }>;

/** One hashed typed-data field: a leaf has `value` (canonical text), a struct or array has `fields`. */
export interface TypedDataNode {
  name: string;
  type: string;
  value?: string;
  fields?: TypedDataNode[];
}

export type ApprovalRequest =
  | {
      kind: 'connect';
      origin: string;
      /** The accounts the site was given before (it asks again while the wallet is locked): ticked at first. */
      shared?: Address[];
    }
  | { kind: 'personal_sign'; origin: string; address: Address; message: { text: string | null; hex: Hex } }
  | {
      kind: 'typed_data';
      origin: string;
      address: Address;
      version: 'V3' | 'V4';
      /** The domain fields EIP712Domain declares, as hashed (undeclared fields are refused, never shown). */
      domain: TypedDataNode[];
      primaryType: string;
      /** Every field of the primary type at any depth, as hashed. */
      message: TypedDataNode[];
      /** A token permit in it, decoded from the hashed fields (token read through the quorum when it could be). */
      permission?: TokenPermission & { tokenInfo: { symbol: string; decimals: number } | null };
    }
  | {
      /** Legacy eth_signTypedData (v1): a flat list of typed values, no domain. */
      kind: 'typed_data_v1';
      origin: string;
      address: Address;
      fields: { type: string; name: string; value: string }[];
    }
  | {
      /** EIP-5792 wallet_sendCalls: every call, decoded; sent one after another (not atomic). */
      kind: 'calls';
      origin: string;
      chainId: number;
      networkName: string;
      from: Address;
      calls: {
        to: Address | null;
        value: string;
        data: Hex;
        decoded?: { functionName: string; args: { name: string; type: string; value: string }[] } | null;
      }[];
      /** What the calls will do in order, simulated in the wallet over proven state; absent while computed. */
      preview?: TransactionPreview;
    }
  | {
      kind: 'transaction';
      origin: string;
      chainId: number;
      networkName: string;
      from: Address;
      to: Address | null;
      value: string;
      data: Hex;
      decoded?: {
        functionName: string;
        args: { name: string; type: string; value: string }[];
        /** The called token's symbol and decimals, when k sources agreed on them: amounts shown with them. */
        token?: { symbol: string; decimals: number } | null;
      } | null;
      gas: string;
      maxFeePerGas?: string;
      maxPriorityFeePerGas?: string;
      gasPrice?: string;
      nonce: number;
      estimatedFeeWei: string;
      /** Nonce, gas or fees that fewer than k operators agreed on; approving needs the user to confirm them. */
      unconfirmed?: ('nonce' | 'gas' | 'fees')[];
      /** What it will do, simulated in the wallet over proven state; absent while that is being computed. */
      preview?: TransactionPreview;
    }
  | { kind: 'switch_chain'; origin: string; fromChainId: number; toChainId: number; networkName: string }
  | {
      kind: 'add_chain';
      origin: string;
      chainId: number;
      chainName: string;
      symbol: string;
      decimals: number;
      explorerUrl?: string;
      /** Each URL as tested once the request was shown (`testing` until then). */
      sources: {
        url: string;
        reportedChainId: number | null;
        latencyMs: number | null;
        error?: string;
        testing?: boolean;
      }[];
      /** Distinct operators among the usable sources, and the quorum they need to reach. */
      operators?: number;
      quorum?: number;
    }
  | { kind: 'watch_asset'; origin: string; token: Omit<TokenView, 'source'> };

export interface PendingApproval {
  id: string;
  createdAt: number;
  request: ApprovalRequest;
}
