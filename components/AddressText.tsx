import { shortAddress } from '@/lib/state/format';

/** A shortened address that still reads out, and shows on hover, in full. */
export function AddressText({ address }: { address: string }) {
  return (
    <span className="address" title={address}>
      <span aria-hidden="true">{shortAddress(address)}</span>
      <span className="visually-hidden">{address}</span>
    </span>
  );
}
