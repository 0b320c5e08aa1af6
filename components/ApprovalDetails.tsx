import type { ReactNode } from 'react';
import type { ApprovalRequest } from '@/lib/messages/popup-api';
import { formatAmount, shortAddress } from '@/lib/state/format';
import { hiddenCharacters } from '@/lib/state/hidden-characters';
import { useWallet } from '@/lib/state/hooks';
import { formatLatency } from '@/lib/state/labels';
import { permissionSentence } from '@/lib/state/permission';
import { AddressText } from './AddressText';
import { TransactionPreview } from './TransactionPreview';
import { TypedDataFields } from './TypedDataFields';
import { VisibleText } from './VisibleText';

export interface ApprovalDetailsProps {
  request: ApprovalRequest;
  /** The native symbol of the network a transaction is for. */
  nativeSymbol: string;
  /** The native coin's decimals on that network. */
  nativeDecimals?: number;
  /**
   * A network to add whose sources cannot confirm values: approve it and go on to its screen in this window
   * to add sources. Without it the way there is named in words.
   */
  addSources?: { run(): void; disabled: boolean };
}

/** Every digit: an approval never rounds an amount away. */
const exact = (value: string, decimals: number, symbol: string) => formatAmount(value, decimals, symbol, decimals);
const AMOUNT_ARGS = new Set(['amount', 'value']);

export function approvalTitle(request: ApprovalRequest): string {
  switch (request.kind) {
    case 'connect':
      return 'Connect to this site?';
    case 'personal_sign':
      return 'Sign this message?';
    case 'typed_data':
    case 'typed_data_v1':
      return 'Sign this typed data?';
    case 'calls':
      return `Send these ${request.calls.length} transactions?`;
    case 'transaction':
      return 'Send this transaction?';
    case 'switch_chain':
      return 'Switch network?';
    case 'add_chain':
      return 'Add this network?';
    case 'watch_asset':
      return 'Add this token?';
  }
}

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function HiddenCharactersWarning({ text }: { text: string | null }) {
  const hidden = text === null ? [] : hiddenCharacters(text);
  if (!hidden.length) return null;
  return (
    <p className="notice notice-warning" data-testid="approval-hidden-characters">
      This text contains invisible or direction-changing characters ({hidden.join(', ')}), marked below: it may not say
      what it seems to say.
    </p>
  );
}

/** A decoded call: its function and each argument; token amounts also in the token's decimals when known. */
function DecodedCall({
  decoded,
  token,
}: {
  decoded: { functionName: string; args: { name: string; type: string; value: string }[] };
  token: { symbol: string; decimals: number } | null;
}) {
  return (
    <>
      <span className="mono">{decoded.functionName}</span>
      <dl className="structured">
        {decoded.args.map((arg) => (
          <div key={arg.name}>
            <dt>
              {arg.name} <span className="muted">{arg.type}</span>
            </dt>
            <dd className="mono wrap" data-testid={`approval-arg-${arg.name}`}>
              {token && arg.type === 'uint256' && AMOUNT_ARGS.has(arg.name)
                ? `${exact(arg.value, token.decimals, token.symbol)} (${arg.value})`
                : arg.value}
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/** A token permit signed off chain: who may take what, said first, with the token's own decimals. */
function PermissionWarning({
  permission,
}: {
  permission: NonNullable<Extract<ApprovalRequest, { kind: 'typed_data' }>['permission']>;
}) {
  const token = permission.tokenInfo;
  const sentence = permissionSentence(permission, {
    amount: (amount) =>
      token
        ? formatAmount(amount, token.decimals, token.symbol)
        : `${amount} units of ${shortAddress(permission.token)}`,
    symbol: token?.symbol ?? `tokens of ${shortAddress(permission.token)}`,
    name: (address) => shortAddress(address),
  });
  return (
    <p className="notice notice-warning" data-testid="approval-permission">
      {sentence}
    </p>
  );
}

/** What a dapp asks for, decoded for a person to judge. Every field came from the page: shown as text only. */
export function ApprovalDetails({ request, nativeSymbol, nativeDecimals = 18, addSources }: ApprovalDetailsProps) {
  const networks = useWallet((s) => s.networks);
  const networkName = (chainId: number) => networks?.find((n) => n.chainId === chainId)?.name ?? `chain ${chainId}`;
  switch (request.kind) {
    case 'connect':
      return (
        <>
          <p>The site will see the addresses of the accounts you choose and can ask you to approve transactions.</p>
          {request.shared?.length ? (
            <p className="muted small" data-testid="connect-shared">
              It already has {request.shared.map(shortAddress).join(', ')}: those are ticked. Approving gives it the
              accounts ticked below, and only those.
            </p>
          ) : null}
        </>
      );
    case 'personal_sign':
      return (
        <dl className="review">
          <Item term="Account">
            <AddressText address={request.address} />
          </Item>
          <Item term="Message">
            <HiddenCharactersWarning text={request.message.text} />
            <pre className="message" data-testid="approval-message">
              {request.message.text === null ? request.message.hex : <VisibleText text={request.message.text} />}
            </pre>
          </Item>
        </dl>
      );
    case 'typed_data':
      return (
        <>
          {request.permission ? <PermissionWarning permission={request.permission} /> : null}
          <dl className="review">
            <Item term="Account">
              <AddressText address={request.address} />
            </Item>
            <Item term="Type">
              {request.primaryType} ({request.version})
            </Item>
            <Item term="Domain (signed)">
              <TypedDataFields fields={request.domain} />
            </Item>
            <Item term="Message (signed)">
              <TypedDataFields fields={request.message} />
            </Item>
          </dl>
        </>
      );
    case 'typed_data_v1':
      return (
        <dl className="review">
          <Item term="Account">
            <AddressText address={request.address} />
          </Item>
          <Item term="Type">Legacy typed data (eth_signTypedData v1)</Item>
          <Item term="Values">
            <dl className="structured">
              {request.fields.map((field, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: names may repeat; the order is the data.
                <div key={i}>
                  <dt>
                    {field.name} <span className="muted">{field.type}</span>
                  </dt>
                  <dd className="mono wrap">{field.value}</dd>
                </div>
              ))}
            </dl>
          </Item>
        </dl>
      );
    case 'calls':
      return (
        <>
          <TransactionPreview
            preview={request.preview}
            from={request.from}
            nativeSymbol={nativeSymbol}
            nativeDecimals={nativeDecimals}
          />
          <dl className="review">
            <Item term="Network">{request.networkName}</Item>
            <Item term="From">
              <AddressText address={request.from} />
            </Item>
            <Item term="How">
              One after another, each sent once the one before it is mined; not atomic: if one fails, the ones before it
              stay done and the ones after it are not sent. Fees are estimated as each is sent.
            </Item>
            {request.calls.map((call, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the calls are an ordered list.
              <Item key={i} term={`Call ${i + 1} of ${request.calls.length}`}>
                <div data-testid="approval-call">
                  <div>
                    To: {call.to ? <span className="mono wrap">{call.to}</span> : 'New contract'} · Value:{' '}
                    {formatAmount(call.value, 18, nativeSymbol, 8)}
                  </div>
                  {call.decoded ? (
                    <div>
                      <DecodedCall decoded={call.decoded} token={null} />
                    </div>
                  ) : call.data !== '0x' ? (
                    <span className="mono wrap small">
                      {call.data.length > 138
                        ? `${call.data.slice(0, 138)}… (${(call.data.length - 2) / 2} bytes)`
                        : call.data}
                    </span>
                  ) : null}
                </div>
              </Item>
            ))}
          </dl>
        </>
      );
    case 'transaction': {
      const fee = formatAmount(request.estimatedFeeWei, nativeDecimals, nativeSymbol, 8);
      const token = request.decoded?.token ?? null;
      return (
        <>
          <TransactionPreview
            preview={request.preview}
            from={request.from}
            nativeSymbol={nativeSymbol}
            nativeDecimals={nativeDecimals}
          />
          <dl className="review">
            <Item term="Network">
              <span data-testid="approval-network">
                {request.networkName} (chain {request.chainId})
              </span>
            </Item>
            <Item term="From">
              <AddressText address={request.from} />
            </Item>
            <Item term="To">{request.to ? <span className="mono wrap">{request.to}</span> : 'New contract'}</Item>
            <Item term="Value">
              <span data-testid="approval-value">{exact(request.value, nativeDecimals, nativeSymbol)}</span>
            </Item>
            {request.decoded ? (
              <Item term="Calls">
                <DecodedCall decoded={request.decoded} token={token} />
              </Item>
            ) : request.data !== '0x' ? (
              <Item term="Data">
                <span className="mono wrap small">
                  {request.data.length > 138
                    ? `${request.data.slice(0, 138)}… (${(request.data.length - 2) / 2} bytes)`
                    : request.data}
                </span>
              </Item>
            ) : null}
            <Item term="Network fee (estimated, at most)">{fee}</Item>
            <Item term="Gas limit · max fee per gas · nonce">
              <span data-testid="approval-gas">
                {request.gas} · {formatAmount(request.maxFeePerGas ?? request.gasPrice ?? '0', 9, 'gwei', 9)} ·{' '}
                {request.nonce}
              </span>
            </Item>
          </dl>
        </>
      );
    }
    case 'switch_chain':
      return (
        <p>
          Switch from {networkName(request.fromChainId)} to <strong>{request.networkName}</strong> (chain{' '}
          {request.toChainId}).
        </p>
      );
    case 'add_chain':
      return (
        <dl className="review">
          <Item term="Name">{request.chainName}</Item>
          <Item term="Chain id">{request.chainId}</Item>
          <Item term="Currency">
            {request.symbol} ({request.decimals} decimals)
          </Item>
          {request.explorerUrl ? <Item term="Explorer">{request.explorerUrl}</Item> : null}
          <Item term="Sources (tested)">
            <ul className="plain">
              {request.sources.map((s) => {
                const ok = s.testing || (s.reportedChainId === request.chainId && !s.error);
                return (
                  <li key={s.url} className={ok ? undefined : 'value-differs'}>
                    <span className="mono wrap">{s.url}</span> —{' '}
                    {s.testing
                      ? 'testing…'
                      : s.error
                        ? `error: ${s.error}`
                        : `chain ${s.reportedChainId ?? '?'}${ok ? '' : ' (does not match)'}, ${formatLatency(s.latencyMs)}`}
                  </li>
                );
              })}
            </ul>
          </Item>
          {request.operators !== undefined && request.quorum !== undefined && request.operators < request.quorum ? (
            <p className="value-differs" data-testid="approval-unconfirmable">
              Values on this network cannot be confirmed: its{' '}
              {request.operators === 1 ? 'only source is' : 'sources are'} run by {request.operators} operator
              {request.operators === 1 ? '' : 's'}, and Accord needs {request.quorum} to agree. Until you add sources
              from other operators, balances and reads on it will show as unconfirmed.{' '}
              {addSources ? (
                // A real link to the network's screen; it exists once the request is approved, so a click approves
                // first (Approve's own checks apply) and this window goes on there instead of closing.
                <a
                  href={`#/networks/${request.chainId}`}
                  data-testid="approval-add-sources"
                  aria-disabled={addSources.disabled}
                  onClick={(e) => {
                    e.preventDefault();
                    if (!addSources.disabled) addSources.run();
                  }}
                >
                  Approve and add sources to {request.chainName}
                </a>
              ) : (
                <>Once it is added: Networks → {request.chainName} → Add source.</>
              )}
            </p>
          ) : null}
        </dl>
      );
    case 'watch_asset':
      return (
        <dl className="review">
          <Item term="Token">
            {request.token.symbol} — {request.token.name}
          </Item>
          <Item term="Decimals">{request.token.decimals}</Item>
          <Item term="Contract">
            <span className="mono wrap">{request.token.address}</span>
          </Item>
          <Item term="Chain id">{request.token.chainId}</Item>
        </dl>
      );
  }
}
