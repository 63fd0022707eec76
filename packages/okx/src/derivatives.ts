/**
 * OKX account and contract settings and their market data: funding rates and history, mark and
 * index prices, leverage and margin/position modes, open positions and closing them, fee rates,
 * and transfers between the funding and trading accounts (protocols/okx-v5.md §3; shapes from
 * okx-api's types).
 */
import {
  type FundingRate,
  type FundingRateHistoryEntry,
  isExchangeError,
  type Leverage,
  type LeverageOptions,
  type MarginMode,
  type Market,
  type MarkPrice,
  type Numeric,
  type Order,
  type Position,
  type TradingFee,
  type TransferAccount,
  type TransferOptions,
  type TransferResult,
} from '@exchange-adapters/core';
import {
  checkParams,
  chunk,
  formatDecimal,
  generateClientOrderId,
  ownValue,
  reviseError,
  toDecimal,
} from '@exchange-adapters/core/adapter';
import {
  MARKET_TO_INST_TYPE,
  normalizeFundingHistory,
  normalizeFundingRate,
  normalizeLeverage,
  normalizeOrder,
  normalizePosition,
  normalizeTradingFee,
  normalizeTransfer,
  OKX_TRANSFER_ACCOUNTS,
  WIRE_TO_MARKET_TYPE,
} from './normalize.js';
import type { OkxPort, PositionMode } from './port.js';
import {
  closePositionSchema,
  fundingHistoriesSchema,
  fundingRatesSchema,
  indexTickersSchema,
  leverageInfosSchema,
  markPricesSchema,
  type OkxFundingHistory,
  type OkxTransferAck,
  ordersSchema,
  positionModeSchema,
  positionsSchema,
  setLeverageSchema,
  tradeFeesSchema,
  transferAcksSchema,
  transferStatesSchema,
} from './schemas.js';
import { indexIdOf } from './trading.js';

const LEVERAGE_WIRE_FIELDS = ['instId', 'lever', 'mgnMode', 'posSide'];
const MAX_POSITION_IDS = 10;
const FUNDING_PAGE = 100;
const MAX_FUNDING_PAGES = 20;
const TRANSFER_CLIENT_ID = /^[A-Za-z0-9]{1,32}$/;

export class OkxDerivatives {
  readonly #port: OkxPort;

  constructor(port: OkxPort) {
    this.#port = port;
  }

  // ── funding ────────────────────────────────────────────────────────────────────────────────

  async fetchFundingRate(symbol: string): Promise<FundingRate> {
    const market = await this.#perpetual(symbol, 'fetchFundingRate');
    const reply = await this.#port.call('fundingRate', { query: { instId: market.id }, schema: fundingRatesSchema });
    return normalizeFundingRate(this.#port.first(reply.data, 'funding rate'), market);
  }

  /**
   * Settled funding, oldest first: from `since` (the first `limit` after it) or the latest
   * `limit` (default 100). OKX pages newest first through `after`; pages are read until `since`.
   */
  async fetchFundingRateHistory(symbol: string, since?: number, limit?: number): Promise<FundingRateHistoryEntry[]> {
    const market = await this.#perpetual(symbol, 'fetchFundingRateHistory');
    const wanted = this.#limit(limit);
    const rows: OkxFundingHistory[] = [];
    let after: number | undefined;
    for (let page = 0; page < MAX_FUNDING_PAGES; page++) {
      const reply = await this.#port.call('fundingRateHistory', {
        query: { instId: market.id, limit: FUNDING_PAGE, after },
        schema: fundingHistoriesSchema,
      });
      rows.push(...reply.data);
      const oldest = reply.data.at(-1);
      if (reply.data.length < FUNDING_PAGE || !oldest) break;
      const oldestTime = Number(oldest.fundingTime);
      if (since === undefined ? rows.length >= wanted : oldestTime <= since) break;
      after = oldestTime;
    }
    const entries = rows
      .map((raw) => normalizeFundingHistory(raw, market))
      .filter((entry) => since === undefined || entry.timestamp >= since)
      .sort((a, b) => a.timestamp - b.timestamp);
    return since === undefined ? entries.slice(-wanted) : entries.slice(0, wanted);
  }

  // ── mark and index ─────────────────────────────────────────────────────────────────────────

  /** Mark (public/mark-price) and index (market/index-tickers) of a contract; the index of a spot pair. */
  async fetchMarkPrice(symbol: string): Promise<MarkPrice> {
    const market = await this.#port.loadMarket(symbol);
    const [mark, index] = await Promise.all([
      market.contract
        ? this.#port.call('markPrice', {
            query: { instType: MARKET_TO_INST_TYPE[market.type], instId: market.id },
            schema: markPricesSchema,
          })
        : undefined,
      this.#port.call('indexTickers', { query: { instId: indexIdOf(market) }, schema: indexTickersSchema }),
    ]);
    const markRow = mark?.data[0];
    const indexRow = index.data[0];
    return {
      symbol: market.symbol,
      markPrice: markRow ? Number(markRow.markPx) : undefined,
      indexPrice: indexRow ? Number(indexRow.idxPx) : undefined,
      timestamp: Number(markRow?.ts ?? indexRow?.ts ?? this.#port.pipeline.now()),
      info: { mark: mark?.data, index: index.data },
    };
  }

  // ── leverage and modes ─────────────────────────────────────────────────────────────────────

  async fetchLeverage(symbol: string): Promise<Leverage> {
    await this.#port.loadMarkets();
    const market = this.#port.contractMarket(symbol, 'fetchLeverage');
    const marginMode = this.#port.marginModeOf(market);
    const reply = await this.#port.call('leverageInfo', { query: { instId: market.id, mgnMode: marginMode }, schema: leverageInfosSchema });
    if (reply.data.length === 0) {
      throw this.#port.error('BadResponse', {
        message: `OKX answered leverage-info for ${market.id} with no rows`,
        hint: 'Retry; report it if it persists.',
      });
    }
    return normalizeLeverage(reply.data, market, marginMode);
  }

  /**
   * OKX chooses the margin mode per order (`tdMode`), not per instrument: this makes later orders,
   * leverage changes and closes of `symbol` use `marginMode`, after setting the leverage that mode
   * already has (which fails now, not at the first order, where the account mode does not allow it).
   */
  async setMarginMode(marginMode: MarginMode, symbol: string): Promise<void> {
    if (marginMode !== 'cross' && marginMode !== 'isolated') {
      throw this.#port.error('BadRequest', {
        message: `marginMode must be 'cross' or 'isolated', got ${JSON.stringify(marginMode)}`,
        hint: "Pass 'cross' or 'isolated'.",
      });
    }
    await this.#port.loadMarkets();
    const market = this.#port.contractMarket(symbol, 'setMarginMode');
    const reply = await this.#port.call('leverageInfo', { query: { instId: market.id, mgnMode: marginMode }, schema: leverageInfosSchema });
    const leverage = normalizeLeverage(reply.data, market, marginMode).leverage;
    await this.#port.setLeverage(leverage, market.symbol, { marginMode });
    this.#port.rememberMarginMode(market, marginMode);
  }

  /**
   * Sets leverage for one contract market. In long/short mode an isolated leverage is per side:
   * `options.side` picks one, otherwise both sides are set.
   */
  async setLeverage(leverage: number, symbol: string, options: LeverageOptions = {}): Promise<void> {
    const params = checkParams(options.params, 'options.params', 'okx', { owned: LEVERAGE_WIRE_FIELDS, encoding: 'json' });
    await this.#port.loadMarkets();
    const market = this.#port.contractMarket(symbol, 'setLeverage');
    if (typeof leverage !== 'number' || !Number.isFinite(leverage) || leverage <= 0) {
      throw this.#port.error('BadRequest', {
        message: `leverage must be a positive number, got ${String(leverage)}`,
        hint: 'Pass leverage like 5 or 2.5.',
      });
    }
    const marginMode = this.#port.checkMarginMode(options.marginMode ?? this.#port.marginModeOf(market));
    const base: Record<string, unknown> = {
      instId: market.id,
      lever: formatDecimal(toDecimal(leverage, 'leverage', 'okx')),
      mgnMode: marginMode,
    };
    let sides: Array<'long' | 'short' | undefined> = [undefined];
    if (marginMode === 'isolated' && (await this.#port.positionMode()) === 'long_short_mode')
      sides = options.side ? [options.side] : ['long', 'short'];
    for (const posSide of sides) {
      const body = { ...base, ...(posSide ? { posSide } : {}), ...params };
      await this.#port.call('setLeverage', { body, schema: setLeverageSchema });
    }
  }

  /** Long/short (hedged) or net positions, for the whole account; OKX has no per-symbol setting. */
  async setPositionMode(hedged: boolean): Promise<void> {
    if (typeof hedged !== 'boolean') {
      throw this.#port.error('BadRequest', {
        message: `setPositionMode needs true (hedged) or false (one-way), got ${JSON.stringify(hedged)}`,
        hint: 'Pass a boolean.',
      });
    }
    const posMode: PositionMode = hedged ? 'long_short_mode' : 'net_mode';
    await this.#port.call('setPositionMode', { body: { posMode }, schema: positionModeSchema });
    this.#port.rememberPositionMode(posMode);
  }

  // ── positions ──────────────────────────────────────────────────────────────────────────────

  async fetchPositions(symbols?: string[]): Promise<Position[]> {
    await this.#port.loadMarkets();
    const queries: Array<Record<string, unknown>> = [];
    if (symbols && symbols.length > 0) {
      const ids = symbols.map((symbol) => this.#port.contractMarket(symbol, 'fetchPositions').id);
      for (const group of chunk(ids, MAX_POSITION_IDS)) queries.push({ instId: group.join(',') });
    } else {
      queries.push({});
    }
    const positions: Position[] = [];
    for (const query of queries) {
      const reply = await this.#port.call('positions', { query, schema: positionsSchema });
      for (const raw of reply.data) {
        const type = ownValue(WIRE_TO_MARKET_TYPE, raw.instType);
        if (type !== 'swap' && type !== 'future') continue;
        const market = this.#port.marketById(raw.instId, type);
        const position = market && normalizePosition(raw, market);
        if (position) positions.push(position);
      }
    }
    return positions;
  }

  /**
   * Closes the open positions of a contract (one side, or every side) at market through
   * close-position, each with a client order id: a lost reply is resolved by looking that id up.
   * Returns the closing orders; an already flat position closes nothing.
   */
  async closePosition(symbol: string, side?: 'long' | 'short'): Promise<Order[]> {
    await this.#port.loadMarkets();
    const market = this.#port.contractMarket(symbol, 'closePosition');
    if (side !== undefined && side !== 'long' && side !== 'short') {
      throw this.#port.error('BadRequest', {
        message: `side must be 'long' or 'short', got ${JSON.stringify(side)}`,
        hint: 'Omit side to close every side.',
      });
    }
    const hedged = (await this.#port.positionMode()) === 'long_short_mode';
    const positions = (await this.#port.fetchPositions([market.symbol])).filter((position) => side === undefined || position.side === side);
    const orders: Order[] = [];
    for (const position of positions) {
      const order = await this.#closeOne(market, position, hedged);
      if (order) orders.push(order);
    }
    return orders;
  }

  async #closeOne(market: Market, position: Position, hedged: boolean): Promise<Order | undefined> {
    const clientOrderId = generateClientOrderId(32);
    const body: Record<string, unknown> = { instId: market.id, mgnMode: position.marginMode, clOrdId: clientOrderId };
    if (hedged) body.posSide = position.side;
    const lookup = async () => {
      const found = await this.#orderByClientId(market, clientOrderId);
      if (found) return found;
      // No closing order: closed by something else meanwhile (nothing to do), or not sent (send again).
      const still = (await this.#port.fetchPositions([market.symbol])).some((item) => item.side === position.side);
      return still ? undefined : null;
    };
    try {
      const result = await this.#port.pipeline.placeOrder<Order | null>(
        clientOrderId,
        async () => {
          const reply = await this.#port.call('closePosition', { body, schema: closePositionSchema, symbol: market.id });
          this.#port.first(reply.data, 'close-position');
          try {
            return (
              (await this.#orderByClientId(market, clientOrderId)) ??
              closingOrder(market, position, clientOrderId, this.#port.pipeline.now(), reply)
            );
          } catch (error) {
            if (!isExchangeError(error)) throw error;
            return closingOrder(market, position, clientOrderId, this.#port.pipeline.now(), reply);
          }
        },
        lookup,
      );
      return result ?? undefined;
    } catch (error) {
      // 51023: the position was already closed; there is nothing to close.
      if (isExchangeError(error) && error.exchangeCode === '51023') return undefined;
      throw error;
    }
  }

  async #orderByClientId(market: Market, clientOrderId: string): Promise<Order | undefined> {
    try {
      const reply = await this.#port.call('order', {
        query: { instId: market.id, clOrdId: clientOrderId },
        schema: ordersSchema,
        symbol: market.id,
      });
      const raw = reply.data[0];
      return raw ? normalizeOrder(raw, market) : undefined;
    } catch (error) {
      if (isExchangeError(error) && error.exchangeCode === '51603') return undefined;
      throw error;
    }
  }

  // ── fees ───────────────────────────────────────────────────────────────────────────────────

  /** The account's rates by symbol; OKX answers per instrument type, one request each. */
  async fetchTradingFees(symbols?: string[]): Promise<Record<string, TradingFee>> {
    const markets = Object.values(await this.#port.loadMarkets());
    const wanted = symbols === undefined ? markets : await Promise.all(symbols.map((symbol) => this.#port.loadMarket(symbol)));
    const result: Record<string, TradingFee> = {};
    for (const type of [...new Set(wanted.map((market) => market.type))]) {
      const reply = await this.#port.call('tradeFee', { query: { instType: MARKET_TO_INST_TYPE[type] }, schema: tradeFeesSchema });
      const row = reply.data[0];
      if (!row) continue;
      for (const market of wanted) if (market.type === type) result[market.symbol] = normalizeTradingFee(row, market);
    }
    return result;
  }

  // ── transfers ──────────────────────────────────────────────────────────────────────────────

  /**
   * Moves funds between the funding (6) and trading (18) accounts with a `clientId`: after a lost
   * reply the transfer is looked up by it (transfer-state) before anything is sent again. Once OKX
   * accepted it, a failed status read reports it `pending` instead of failing.
   */
  async transfer(
    currency: string,
    amount: Numeric,
    from: TransferAccount,
    to: TransferAccount,
    options: TransferOptions = {},
  ): Promise<TransferResult> {
    const fromCode = this.#account(from, 'from');
    const toCode = this.#account(to, 'to');
    if (fromCode === toCode) {
      throw this.#port.error('BadRequest', {
        message: `from and to are both ${from}`,
        hint: "Move funds between 'funding' and 'trading'.",
      });
    }
    if (typeof currency !== 'string' || !/^[A-Za-z0-9]{1,20}$/.test(currency)) {
      throw this.#port.error('BadRequest', {
        message: `currency must be a currency code such as USDT, got ${JSON.stringify(currency)}`,
        hint: 'Pass e.g. USDT.',
      });
    }
    const value = toDecimal(amount, 'amount', 'okx');
    if (value.lte(0))
      throw this.#port.error('BadRequest', {
        message: `amount must be positive, got ${formatDecimal(value)}`,
        hint: 'Pass a positive amount.',
      });
    const clientId = options.clientTransferId ?? generateClientOrderId(32);
    if (!TRANSFER_CLIENT_ID.test(clientId)) {
      throw this.#port.error('BadRequest', {
        message: `clientTransferId must be 1–32 letters and digits, got ${JSON.stringify(clientId)}`,
        hint: 'Omit it and one is generated.',
      });
    }
    const body = {
      ccy: currency.toUpperCase(),
      amt: formatDecimal(value),
      from: fromCode,
      to: toCode,
      type: '0',
      clientId,
      ...options.params,
    };
    try {
      return await this.#port.pipeline.placeOrder(
        clientId,
        async () => {
          const reply = await this.#port.call('transfer', { body, schema: transferAcksSchema });
          return this.#withState(this.#port.first(reply.data, 'transfer'));
        },
        () => this.#transferByClientId(clientId),
      );
    } catch (error) {
      if (!isExchangeError(error) || error.orderState === undefined) throw error;
      // Say it in transfer words: the order-placement state is about this transfer.
      throw reviseError(error, {
        orderState: undefined,
        hint:
          error.orderState === 'unknown'
            ? `OKX may have made the transfer; look for clientId ${clientId} (asset/transfer-state) before sending it again.`
            : `${error.hint ?? ''} Nothing was moved.`.trim(),
      });
    }
  }

  async #withState(ack: OkxTransferAck): Promise<TransferResult> {
    try {
      const reply = await this.#port.call('transferState', { query: { transId: ack.transId }, schema: transferStatesSchema });
      return normalizeTransfer(ack, reply.data[0]);
    } catch (error) {
      if (!isExchangeError(error)) throw error;
      return normalizeTransfer(ack);
    }
  }

  async #transferByClientId(clientId: string): Promise<TransferResult | undefined> {
    const reply = await this.#port.call('transferState', { query: { clientId }, schema: transferStatesSchema });
    const state = reply.data[0];
    return state ? normalizeTransfer(state, state) : undefined;
  }

  #account(account: TransferAccount, field: string): string {
    const code = account === 'funding' || account === 'trading' ? OKX_TRANSFER_ACCOUNTS[account] : undefined;
    if (!code) {
      throw this.#port.error('BadRequest', {
        message: `${field} must be 'funding' or 'trading' on OKX, got ${JSON.stringify(account)}`,
        hint: "OKX moves funds between the funding account ('funding') and the trading account ('trading').",
      });
    }
    return code;
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────

  async #perpetual(symbol: string, method: string): Promise<Market> {
    await this.#port.loadMarkets();
    const market = this.#port.contractMarket(symbol, method);
    if (market.type !== 'swap') {
      throw this.#port.error('BadRequest', {
        message: `${method} applies to perpetual swaps; ${market.symbol} is a dated future`,
        hint: 'Dated futures have no funding; use the perpetual, e.g. BTC/USDT:USDT.',
      });
    }
    return market;
  }

  #limit(limit: number | undefined): number {
    if (limit === undefined) return FUNDING_PAGE;
    if (!Number.isInteger(limit) || limit <= 0) {
      throw this.#port.error('BadRequest', {
        message: `limit must be a positive integer, got ${String(limit)}`,
        hint: 'Pass limit like 100.',
      });
    }
    return limit;
  }
}

/** A close OKX accepted whose order could not be read: the position's size, closing side, market. */
function closingOrder(market: Market, position: Position, clientOrderId: string, timestamp: number, info: unknown): Order {
  return {
    id: '',
    clientOrderId,
    symbol: market.symbol,
    type: 'market',
    side: position.side === 'long' ? 'sell' : 'buy',
    status: 'open',
    amount: position.amount,
    filled: 0,
    remaining: position.amount,
    timestamp,
    reduceOnly: true,
    info,
  };
}
