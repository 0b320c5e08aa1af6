// The sentences a transaction preview shows: warnings first (it would fail, it grants an approval), then what
// the signing account sends and receives. Pure, so it is tested without a browser.
import type { TransactionPreview } from '../messages/popup-api';

type Verified = Extract<TransactionPreview, { status: 'verified' }>;

export interface PreviewFormat {
  native(wei: string): string;
  /** The native coin's symbol (ETH). */
  nativeSymbol: string;
  token(token: string, amount: string): string;
  /** The token's symbol, or how to name it when unknown. */
  symbol(token: string): string;
  name(address: string): string;
}

/** An approval of at least this much is called unlimited (max uint256 and the "infinite" values near it). */
const UNLIMITED = 2n ** 255n;

export function previewLines(preview: Verified, from: string, format: PreviewFormat) {
  const me = from.toLowerCase();
  const warnings: string[] = [];
  const changes: string[] = [];
  const { steps } = preview;
  if (steps.length > 1) {
    for (const [i, step] of steps.entries()) {
      if (!step.reverted) continue;
      warnings.push(
        `Transaction ${i + 1} of ${steps.length} would fail${step.revertReason ? `: ${step.revertReason}` : ''}. The others would still be sent, and it would still cost its network fee.`,
      );
    }
  } else if (preview.reverted) {
    warnings.push(
      `This transaction would fail${preview.revertReason ? `: ${preview.revertReason}` : ''}. It would still cost the network fee.`,
    );
  }
  if (preview.gasLimit !== undefined && BigInt(preview.gasLimit) < BigInt(preview.gasNeeded)) {
    warnings.push(
      `Its gas limit (${preview.gasLimit}) is below the ${preview.gasNeeded} it needs: it would run out of gas and fail, still costing the network fee.`,
    );
  }
  for (const asset of preview.unmentioned) {
    warnings.push(
      asset === 'native'
        ? `It takes more of your ${format.nativeSymbol} than the value the request shows`
        : `It moves your ${format.symbol(asset)}, which the request does not name`,
    );
  }

  // 1. Native coin: the signer's change (gas is shown apart, as the network fee).
  const native = preview.nativeChanges.find((n) => n.address.toLowerCase() === me);
  if (native && BigInt(native.delta) < 0n)
    changes.push(`You send ${format.native((-BigInt(native.delta)).toString())}`);
  if (native && BigInt(native.delta) > 0n) changes.push(`You receive ${format.native(native.delta)}`);

  // 2. Tokens: net per token, and every approval the signer grants.
  const net = new Map<string, bigint>();
  for (const effect of preview.effects) {
    if (effect.kind === 'erc20-transfer') {
      let delta = 0n;
      if (effect.to.toLowerCase() === me) delta += BigInt(effect.amount);
      if (effect.from.toLowerCase() === me) delta -= BigInt(effect.amount);
      if (delta !== 0n) net.set(effect.token, (net.get(effect.token) ?? 0n) + delta);
    } else if (effect.kind === 'erc721-transfer' || effect.kind === 'erc1155-transfer') {
      const what = `token #${effect.tokenId} of ${format.name(effect.token)}`;
      if (effect.from.toLowerCase() === me) changes.push(`You send ${what}`);
      if (effect.to.toLowerCase() === me) changes.push(`You receive ${what}`);
    } else if (effect.kind === 'erc20-approval' && effect.owner.toLowerCase() === me) {
      const amount = BigInt(effect.amount);
      if (amount === 0n) changes.push(`Revokes ${format.name(effect.spender)}'s allowance`);
      else if (amount >= UNLIMITED) {
        warnings.push(
          `Approves ${format.name(effect.spender)} to spend all your ${format.symbol(effect.token)}, without limit`,
        );
      } else
        warnings.push(`Approves ${format.name(effect.spender)} to spend ${format.token(effect.token, effect.amount)}`);
    } else if (effect.kind === 'erc721-approval' && effect.owner.toLowerCase() === me) {
      warnings.push(
        `Approves ${format.name(effect.spender)} to take token #${effect.tokenId} of ${format.name(effect.token)}`,
      );
    } else if (effect.kind === 'approval-for-all' && effect.owner.toLowerCase() === me && effect.approved) {
      warnings.push(
        `Approves ${format.name(effect.operator)} to take every token you hold of ${format.name(effect.token)}`,
      );
    }
  }
  for (const [token, delta] of net) {
    if (delta < 0n) changes.push(`You send ${format.token(token, (-delta).toString())}`);
    else changes.push(`You receive ${format.token(token, delta.toString())}`);
  }
  return { warnings, changes };
}
