// Typed-data token permits as dapps send them, for tests of how the wallet reads and shows them.

const DOMAIN_TYPE = [
  { name: 'name', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
];

const PERMIT_TYPE = [
  { name: 'owner', type: 'address' },
  { name: 'spender', type: 'address' },
  { name: 'value', type: 'uint256' },
  { name: 'nonce', type: 'uint256' },
  { name: 'deadline', type: 'uint256' },
];

/** An EIP-2612 permit: `spender` may spend `value` of the token at `token` until `deadline`. */
export function eip2612Permit(permit: {
  token: string;
  owner: string;
  spender: string;
  value: bigint | string;
  deadline: bigint | number | string;
  chainId?: number;
  name?: string;
}) {
  return {
    types: { EIP712Domain: DOMAIN_TYPE, Permit: PERMIT_TYPE },
    primaryType: 'Permit',
    domain: {
      name: permit.name ?? 'Accord Test Token',
      chainId: permit.chainId ?? 31337,
      verifyingContract: permit.token,
    },
    message: {
      owner: permit.owner,
      spender: permit.spender,
      value: String(permit.value),
      nonce: 0,
      deadline: String(permit.deadline),
    },
  };
}

/** The domain type of a contract-bound signature (name, chain id, verifying contract). */
export const CONTRACT_DOMAIN_TYPE = DOMAIN_TYPE;
