import { type Address, type Hex, isHex, type LocalAccount } from 'viem';
import { InvalidInputError, InvalidTypedDataError, MethodDisabledError } from './errors';
import { type AnyTypedDataVersion, parseTypedData } from './typed-data';
import { typedSignatureHashV1 } from './typed-data-v1';

// Signing with an account the keyring derived. Runs in the background only; the popup and pages get
// signatures, never keys.

interface TransactionBase {
  chainId: number;
  nonce: number;
  /** null creates a contract. */
  to: Address | null;
  value: bigint;
  data?: Hex;
  gas: bigint;
}

/** A fully prepared transaction. Legacy transactions are always EIP-155 (chainId in the signature). */
export type SignableTransaction =
  | (TransactionBase & { type: 'eip1559'; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint })
  | (TransactionBase & { type: 'legacy'; gasPrice: bigint });

/**
 * personal_sign (EIP-191 version 0x45). Like MetaMask: 0x-hex is signed as bytes, other text as UTF-8.
 */
export function signPersonal(account: LocalAccount, message: unknown): Promise<Hex> {
  if (typeof message !== 'string') throw new InvalidInputError('personal_sign expects a hex or text message');
  if (isHex(message, { strict: true })) return account.signMessage({ message: { raw: message } });
  return account.signMessage({ message });
}

/**
 * Legacy eth_signTypedData (v1): the raw signature over eth-sig-util's typedSignatureHash, as MetaMask signs
 * it (no EIP-191 prefix: the hash is keccak256 of two keccak256 digests, so it cannot be a transaction's).
 */
export async function signTypedV1(account: LocalAccount, input: unknown): Promise<Hex> {
  if (!account.sign) throw new InvalidInputError('This account cannot sign a raw hash');
  return account.sign({ hash: typedSignatureHashV1(input) });
}

export async function signTyped(account: LocalAccount, input: unknown, version: AnyTypedDataVersion): Promise<Hex> {
  if (version === 'V1') return signTypedV1(account, input);
  const definition = parseTypedData(input, version);
  try {
    return await account.signTypedData(definition);
  } catch (cause) {
    const reason = (cause as { shortMessage?: string }).shortMessage ?? (cause as Error).message;
    throw new InvalidTypedDataError(reason, { cause });
  }
}

function isUint(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= 0n;
}

function checkTransaction(tx: SignableTransaction): void {
  if (!Number.isSafeInteger(tx.chainId) || tx.chainId <= 0) throw new InvalidInputError('chainId must be positive');
  if (!Number.isSafeInteger(tx.nonce) || tx.nonce < 0) throw new InvalidInputError('nonce must be a whole number');
  if (!isUint(tx.value) || !isUint(tx.gas) || tx.gas === 0n) throw new InvalidInputError('value and gas must be set');
  if (tx.data !== undefined && !isHex(tx.data, { strict: true })) throw new InvalidInputError('data must be hex');
  if (tx.type === 'eip1559') {
    if (!isUint(tx.maxFeePerGas) || !isUint(tx.maxPriorityFeePerGas)) throw new InvalidInputError('fees must be set');
    if (tx.maxPriorityFeePerGas > tx.maxFeePerGas) {
      throw new InvalidInputError('maxPriorityFeePerGas exceeds maxFeePerGas');
    }
  } else if (tx.type === 'legacy') {
    if (!isUint(tx.gasPrice)) throw new InvalidInputError('gasPrice must be set');
  } else {
    throw new InvalidInputError(`unsupported transaction type ${String((tx as { type: unknown }).type)}`);
  }
}

/** Returns the signed, serialized transaction (what eth_sendRawTransaction takes). */
export function signTx(account: LocalAccount, tx: SignableTransaction): Promise<Hex> {
  checkTransaction(tx);
  const common = {
    chainId: tx.chainId,
    nonce: tx.nonce,
    to: tx.to ?? undefined,
    value: tx.value,
    data: tx.data,
    gas: tx.gas,
  };
  if (tx.type === 'eip1559') {
    return account.signTransaction({
      ...common,
      type: 'eip1559',
      maxFeePerGas: tx.maxFeePerGas,
      maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
    });
  }
  return account.signTransaction({ ...common, type: 'legacy', gasPrice: tx.gasPrice });
}

/** eth_sign signs arbitrary 32-byte hashes (a transaction, for instance) and stays off. */
export function ethSignDisabled(): never {
  throw new MethodDisabledError('eth_sign', 'it can sign anything, including transactions, without showing what');
}
