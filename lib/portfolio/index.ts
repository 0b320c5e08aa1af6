export { type LastConfirmedValue, toConfirmedValueView, unavailableView } from './confirmed-value';
export { chainsWithDefaultTokens, defaultTokens } from './default-tokens';
export { balanceOfData, decodeAbiString, decodeQuantity, decodeUint256Word, ERC20_SELECTORS } from './erc20';
export { createLastConfirmedStore, type LastConfirmedKey, type LastConfirmedStore } from './last-confirmed';
export {
  type CreatePortfolioParameters,
  createPortfolio,
  type GetBalancesParameters,
  type GetBalancesReturnType,
  mapConcurrent,
  type Portfolio,
  type PortfolioQuorumClient,
  type ReadTokenParameters,
  type TokenMetadata,
  TokenMetadataError,
} from './portfolio';
export { createTokenList, type TokenList } from './token-list';
