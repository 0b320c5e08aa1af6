import { hashTypedData } from 'viem';
import { describe, expect, it } from 'vitest';
import { parseTypedData } from '../../keyring/typed-data';
import { eip2612Permit } from '../../testing/permits';
import { ALICE, BOB, DAPP, OTHER } from '../../testing/provider-fakes';
import { connectedHarness, MAIL_TYPED_DATA, signOps } from '../../testing/provider-harness';

describe('signing', () => {
  it('personal_sign shows the decoded text, signs only after approval', async () => {
    const h = await connectedHarness();
    const answer = h.call(DAPP, 'personal_sign', ['0x48656c6c6f', ALICE]);
    const [approval] = await h.pendingApprovals();
    expect(approval.request).toEqual({
      kind: 'personal_sign',
      origin: DAPP.origin,
      address: ALICE,
      message: { text: 'Hello', hex: '0x48656c6c6f' },
    });
    expect(signOps(h)).toEqual([]);
    await h.rpc.approvals.resolve(approval.id, { approved: true });
    expect(await answer).toEqual({ result: `0x${'11'.repeat(65)}` });
    expect(signOps(h)).toEqual([{ op: 'signMessage', args: [ALICE, '0x48656c6c6f'] }]);
  });

  it('personal_sign accepts plain text and swapped params; binary shows as hex only', async () => {
    const h = await connectedHarness();
    void h.call(DAPP, 'personal_sign', [ALICE.toLowerCase(), 'hi there']);
    const [first] = await h.pendingApprovals();
    expect(first.request).toMatchObject({ message: { text: 'hi there', hex: '0x6869207468657265' } });
    await h.rpc.approvals.resolve(first.id, { approved: false });
    void h.call(DAPP, 'personal_sign', ['0x00ff01', ALICE]);
    const [second] = await h.pendingApprovals();
    expect(second.request).toMatchObject({ message: { text: null, hex: '0x00ff01' } });
  });

  it('personal_sign: 4100 for a site that is not connected or an account it may not use, -32602 for bad params', async () => {
    const h = await connectedHarness();
    expect(await h.call(OTHER, 'personal_sign', ['0x00', ALICE])).toMatchObject({ error: { code: 4100 } });
    expect(await h.call(DAPP, 'personal_sign', ['0x00', BOB])).toMatchObject({ error: { code: 4100 } });
    expect(await h.call(DAPP, 'personal_sign', ['0x00', 'not-an-address'])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('address') },
    });
    expect(await h.call(DAPP, 'personal_sign', [42, ALICE])).toMatchObject({ error: { code: -32602 } });
    expect(await h.call(DAPP, 'personal_sign', ['0x00'])).toMatchObject({ error: { code: -32602 } });
    expect(signOps(h)).toEqual([]);
  });

  it('personal_sign rejected: 4001 and nothing signed', async () => {
    const h = await connectedHarness();
    const answer = h.call(DAPP, 'personal_sign', ['0x00', ALICE]);
    await h.decide({ approved: false });
    expect(await answer).toMatchObject({ error: { code: 4001 } });
    expect(signOps(h)).toEqual([]);
  });

  it('a locked wallet signs after the password is given in the approval window', async () => {
    const h = await connectedHarness({ unlocked: false });
    const answer = h.call(DAPP, 'personal_sign', ['0x00', ALICE]);
    await h.decide({ approved: true, password: h.password });
    expect(await answer).toEqual({ result: expect.stringMatching(/^0x11/) });
  });

  it('eth_signTypedData_v4 shows the hashed domain, primary type and message fields; accepts JSON text', async () => {
    const h = await connectedHarness();
    const answer = h.call(DAPP, 'eth_signTypedData_v4', [ALICE, JSON.stringify(MAIL_TYPED_DATA)]);
    const [approval] = await h.pendingApprovals();
    expect(approval.request).toEqual({
      kind: 'typed_data',
      origin: DAPP.origin,
      address: ALICE,
      version: 'V4',
      domain: [
        { name: 'name', type: 'string', value: 'Ether Mail' },
        { name: 'chainId', type: 'uint256', value: '31337' },
      ],
      primaryType: 'Mail',
      message: [
        { name: 'to', type: 'address', value: BOB },
        { name: 'contents', type: 'string', value: 'Hello, Bob!' },
      ],
    });
    await h.rpc.approvals.resolve(approval.id, { approved: true });
    expect(await answer).toEqual({ result: `0x${'22'.repeat(65)}` });
    // What is signed is rebuilt from the fields shown: the same hash as the page's request.
    const [sign] = signOps(h);
    expect(sign.args.slice(0, 1).concat(sign.args.slice(2))).toEqual([ALICE, 'V4']);
    expect(hashTypedData(parseTypedData(sign.args[1], 'V4'))).toBe(
      hashTypedData(parseTypedData(MAIL_TYPED_DATA, 'V4')),
    );
  });

  it('eth_signTypedData: -32602 for malformed data, a domain on another chain, v3 arrays', async () => {
    const h = await connectedHarness();
    expect(await h.call(DAPP, 'eth_signTypedData_v4', [ALICE, '{not json'])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('typed data') },
    });
    const otherChain = { ...MAIL_TYPED_DATA, domain: { ...MAIL_TYPED_DATA.domain, chainId: 1 } };
    expect(await h.call(DAPP, 'eth_signTypedData_v4', [ALICE, otherChain])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('chainId') },
    });
    const withArray = {
      ...MAIL_TYPED_DATA,
      types: { ...MAIL_TYPED_DATA.types, Mail: [{ name: 'to', type: 'address[]' }] },
      message: { to: [BOB] },
    };
    expect(await h.call(DAPP, 'eth_signTypedData_v3', [ALICE, withArray])).toMatchObject({ error: { code: -32602 } });
    expect(await h.call(DAPP, 'eth_signTypedData_v4', [BOB, MAIL_TYPED_DATA])).toMatchObject({ error: { code: 4100 } });
    expect(signOps(h)).toEqual([]);
  });

  it('eth_signTypedData: a domain or message field that types leave out is refused, never shown unsigned', async () => {
    const h = await connectedHarness();
    const { EIP712Domain: _omitted, ...types } = MAIL_TYPED_DATA.types;
    expect(await h.call(DAPP, 'eth_signTypedData_v4', [ALICE, { ...MAIL_TYPED_DATA, types }])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('domain.name is not declared in types.EIP712Domain') },
    });
    const extra = { ...MAIL_TYPED_DATA, message: { ...MAIL_TYPED_DATA.message, amount: '1000 ETH' } };
    expect(await h.call(DAPP, 'eth_signTypedData_v4', [ALICE, extra])).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('message.amount is not declared in types.Mail') },
    });
    expect(await h.rpc.approvals.list()).toEqual([]);
    expect(signOps(h)).toEqual([]);
  });

  it('a pending personal_sign stores its message once in storage.session', async () => {
    const h = await connectedHarness();
    const text = 'x'.repeat(200_000);
    void h.call(DAPP, 'personal_sign', [text, ALICE]);
    const [approval] = await h.pendingApprovals();
    expect(approval.request).toMatchObject({ message: { text } });
    const stored = JSON.stringify(h.session.data);
    const hexLength = 2 + text.length * 2;
    // The hex bytes once (2 characters a byte), not the text and the bytes again as before.
    expect(stored.length).toBeLessThan(hexLength + 5_000);
    expect(stored.includes(text)).toBe(false);
  });

  it('a permit in typed data leads the window: token read by the wallet, amount as signed', async () => {
    const h = await connectedHarness();
    const token = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
    const answer = h.call(DAPP, 'eth_signTypedData_v4', [
      ALICE,
      eip2612Permit({ token, owner: ALICE, spender: BOB, value: 7n, deadline: 1796212800 }),
    ]);
    const [approval] = await h.pendingApprovals();
    expect(approval.request).toMatchObject({
      kind: 'typed_data',
      permission: {
        token,
        spender: BOB,
        amount: '7',
        until: 1796212800,
        tokenInfo: { symbol: 'ACT', decimals: 18 },
      },
    });
    await h.rpc.approvals.resolve(approval.id, { approved: false });
    expect(await answer).toMatchObject({ error: { code: 4001 } });
  });
});
