import { describe, expect, it } from 'vitest';
import { balanceOfData, decodeAbiString, decodeQuantity, decodeUint256Word } from './erc20';

describe('erc20 encoding', () => {
  it('encodes balanceOf(owner)', () => {
    expect(balanceOfData('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')).toBe(
      '0x70a08231000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266',
    );
  });

  it('decodes quantities and words, rejecting anything else', () => {
    expect(decodeQuantity('0x0')).toBe(0n);
    expect(decodeQuantity('0x1bc16d674ec80000')).toBe(2_000_000_000_000_000_000n);
    expect(decodeQuantity('0x')).toBeNull();
    expect(decodeQuantity(12)).toBeNull();
    expect(decodeUint256Word(`0x${'0'.repeat(63)}5`)).toBe(5n);
    expect(decodeUint256Word('0x5')).toBeNull();
  });

  it('decodes ABI strings and bytes32 symbols', () => {
    const abi = `0x${'0'.repeat(62)}20${'0'.repeat(63)}3${Buffer.from('ATT').toString('hex').padEnd(64, '0')}`;
    expect(decodeAbiString(abi)).toBe('ATT');
    const bytes32 = `0x${Buffer.from('MKR').toString('hex').padEnd(64, '0')}`;
    expect(decodeAbiString(bytes32)).toBe('MKR');
    expect(decodeAbiString('0x')).toBeNull();
  });
});
