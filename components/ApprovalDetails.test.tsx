import { renderToStaticMarkup } from 'react-dom/server';
import { encodeFunctionData, erc20Abi } from 'viem';
import { describe, expect, it } from 'vitest';
import type { ApprovalRequest, TypedDataNode } from '@/lib/messages/popup-api';
import { ApprovalDetails } from './ApprovalDetails';

const ME = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const BOB = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const render = (request: ApprovalRequest, decimals = 18) =>
  renderToStaticMarkup(<ApprovalDetails request={request} nativeSymbol="ETH" nativeDecimals={decimals} />);

describe('ApprovalDetails', () => {
  it('add_chain with one operator: says values cannot be confirmed and links to the network, armed like Approve', () => {
    const request: ApprovalRequest = {
      kind: 'add_chain',
      origin: 'https://dapp.example',
      chainId: 1337,
      chainName: 'Second devnet',
      symbol: 'ETH',
      decimals: 18,
      sources: [{ url: 'http://127.0.0.1:9001/', reportedChainId: 1337, latencyMs: 3 }],
      operators: 1,
      quorum: 2,
    };
    const linked = (disabled: boolean) =>
      renderToStaticMarkup(
        <ApprovalDetails request={request} nativeSymbol="ETH" addSources={{ run: () => {}, disabled }} />,
      );
    expect(linked(false)).toMatch(
      /<a href="#\/networks\/1337" data-testid="approval-add-sources" aria-disabled="false">Approve and add sources to Second devnet<\/a>/,
    );
    expect(linked(true)).toContain('aria-disabled="true"');
    expect(text(linked(false))).toContain('cannot be confirmed');
    // Without the approval window's action, the way there is named in words.
    expect(render(request)).not.toContain('<a ');
    expect(text(render(request))).toContain('Once it is added: Networks → Second devnet → Add source.');
  });

  it('personal_sign: bidi overrides and zero-width characters are flagged and shown as marks', () => {
    const html = render({
      kind: 'personal_sign',
      origin: 'https://dapp.example',
      address: ME,
      message: { text: 'Pay \u202E001\u202C ETH\u200B', hex: '0x00' },
    });
    expect(html).toContain('data-testid="approval-hidden-characters"');
    expect(text(html)).toContain('U+202E, U+202C, U+200B');
    expect(html).not.toContain('\u202E');
    expect(html).not.toContain('\u200B');
  });

  it('typed data: every field at any depth is in the window, deep levels collapsed, none elided', () => {
    let node: TypedDataNode = { name: 'amount', type: 'uint256', value: '123456789' };
    for (let i = 11; i >= 0; i--) node = { name: 'inner', type: `Level${i}`, fields: [node] };
    const html = render({
      kind: 'typed_data',
      origin: 'https://dapp.example',
      address: ME,
      version: 'V4',
      primaryType: 'Level0',
      domain: [{ name: 'chainId', type: 'uint256', value: '1' }],
      message: [node],
    });
    expect(text(html)).toContain('amount uint256 123456789');
    for (let i = 0; i < 12; i++) expect(text(html)).toContain(`inner Level${i}`);
    expect((html.match(/<details open=""/g) ?? []).length).toBe(2);
    expect((html.match(/<details/g) ?? []).length).toBe(12);
  });

  it('transaction: network with its chain id, value in the network decimals, token amounts in the token decimals', () => {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [BOB, 1_500_000n] });
    const html = render(
      {
        kind: 'transaction',
        origin: 'https://dapp.example',
        chainId: 1337,
        networkName: 'Ethereum',
        from: ME,
        to: BOB,
        value: '1500000',
        data,
        decoded: {
          functionName: 'transfer',
          args: [
            { name: 'recipient', type: 'address', value: BOB },
            { name: 'amount', type: 'uint256', value: '1500000' },
          ],
          token: { symbol: 'USDC', decimals: 6 },
        },
        gas: '50000',
        maxFeePerGas: '2000000000',
        maxPriorityFeePerGas: '1000000000',
        nonce: 4,
        estimatedFeeWei: '100000000000000',
      },
      6,
    );
    expect(text(html)).toContain('Ethereum (chain 1337)');
    expect(text(html)).toContain('1.5 ETH');
    expect(text(html)).toContain('1.5 USDC (1500000)');
  });
});
