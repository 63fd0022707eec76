/**
 * WEEX V3 futures beyond placing and cancelling: conditional orders (algoOrder) and TP/SL on
 * orders, closing positions (closePositions), funding (premiumIndex, fundingRate), leverage and
 * margin / combine modes (symbolConfig, leverage, marginType) and commission rates
 * (protocols/weex.md §3; paths and fields as Weex.Net's clients and the recorded payloads in
 * shared/fixtures/weex).
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
  type Order,
  type Position,
  type TradingFee,
} from '@exchange-adapters/core';
import { checkParams, type PreparedOrder } from '@exchange-adapters/core/adapter';
import {
  parseAlgoOrder,
  parseContractOrder,
  parseFundingHistory,
  parseFundingRate,
  parseLeverage,
  parseTradingFee,
  toNumber,
} from './normalize.js';
import { placedOrder } from './placement.js';
import type { WeexPort } from './port.js';
import {
  algoOrderPageSchema,
  algoOrdersSchema,
  closePositionsSchema,
  commissionRateSchema,
  contractCancelItemSchema,
  contractOrderSchema,
  contractOrdersSchema,
  contractPlacedSchema,
  fundingHistorySchema,
  leverageReplySchema,
  premiumIndexSchema,
  publicTradesSchema,
  spotCommissionSchema,
  successEnvelopeSchema,
  symbolConfigSchema,
  type WireClosePositionItem,
  type WireSymbolConfig,
} from './schemas.js';

const MAX_FUNDING_ROWS = 1000;
/** Wire fields of a leverage change the adapter writes; `options.params` may not set them. */
const LEVERAGE_WIRE_FIELDS = ['symbol', 'marginType', 'crossLeverage', 'isolatedLongLeverage', 'isolatedShortLeverage'];
/** Orders created this long before the send still count as its closes (clock resolution, skew). */
const CLOSE_LOOKUP_SLACK_MS = 5_000;

/**
 * STOP / STOP_MARKET fire when the price moves against the side (a buy rising to the trigger, a
 * sell falling to it); TAKE_PROFIT / TAKE_PROFIT_MARKET the other way — the Binance-style meaning
 * of these V3 order types (protocols/weex.md §3).
 */
export function conditionalOrderType(order: Pick<PreparedOrder, 'side' | 'type' | 'triggerDirection'>): string {
  const stop = (order.side === 'buy') === (order.triggerDirection === 'above');
  return `${stop ? 'STOP' : 'TAKE_PROFIT'}${order.type === 'market' ? '_MARKET' : ''}`;
}

/** Buy opens LONG, sell opens SHORT; reduce-only closes the other side (§3.8). */
export function positionSideOf(order: Pick<PreparedOrder, 'side' | 'reduceOnly'>): 'LONG' | 'SHORT' {
  return (order.side === 'buy') !== order.reduceOnly ? 'LONG' : 'SHORT';
}

export class WeexDerivatives {
  readonly #port: WeexPort;

  constructor(port: WeexPort) {
    this.#port = port;
  }

  // ── conditional orders ─────────────────────────────────────────────────────────────────────

  /** One attempt at placing a checked trigger order (POST algoOrder). */
  async submitTrigger(order: PreparedOrder): Promise<Order> {
    const body: Record<string, unknown> = {
      symbol: this.#port.wireSymbol(order.market),
      side: order.side.toUpperCase(),
      positionSide: positionSideOf(order),
      type: conditionalOrderType(order),
      quantity: order.amount,
      triggerPrice: order.triggerPrice,
      price: order.type === 'limit' ? order.price : undefined,
      clientAlgoId: order.clientOrderId,
      presetTakeProfitPrice: order.takeProfit?.triggerPrice,
      presetStopLossPrice: order.stopLoss?.triggerPrice,
      ...order.params,
    };
    // A reply with success: false at HTTP 200 is a typed error (classifier).
    const reply = await this.#port.call(this.#port.contract('contractAlgoOrder', 'createOrder'), {
      body,
      schema: contractPlacedSchema,
      symbol: order.market.id,
    });
    return {
      ...placedOrder(order, reply.orderId, reply.clientOrderId, this.#port.pipeline.now(), reply),
      triggerPrice: Number(order.triggerPrice),
      stopLossPrice: order.stopLoss ? Number(order.stopLoss.triggerPrice) : undefined,
      takeProfitPrice: order.takeProfit ? Number(order.takeProfit.triggerPrice) : undefined,
    };
  }

  /** After a lost reply: the conditional order with this clientAlgoId, waiting or already fired. */
  async findTrigger(order: PreparedOrder): Promise<Order | undefined> {
    const query = { symbol: this.#port.wireSymbol(order.market) };
    const open = await this.#port.call(this.#port.contract('contractOpenAlgoOrders', 'createOrder'), { query, schema: algoOrdersSchema });
    let raw = open.find((item) => item.clientAlgoId === order.clientOrderId);
    if (!raw) {
      const history = await this.#port.call(this.#port.contract('contractAllAlgoOrders', 'createOrder'), {
        query,
        schema: algoOrderPageSchema,
      });
      raw = history.orders.find((item) => item.clientAlgoId === order.clientOrderId);
    }
    return raw ? parseAlgoOrder(raw, order.symbol) : undefined;
  }

  /** Waiting conditional orders and TP/SL plans, oldest first (futures only: WEEX spot has none). */
  async fetchOpenTriggers(market: Market | undefined): Promise<Order[]> {
    if (market?.spot) return [];
    const query = { symbol: market && this.#port.wireSymbol(market) };
    const rows = await this.#port.call(this.#port.contract('contractOpenAlgoOrders', 'fetchOpenOrders'), {
      query,
      schema: algoOrdersSchema,
    });
    return rows.map((raw) => parseAlgoOrder(raw, this.#port.symbolOf(raw.symbol))).sort((a, b) => a.timestamp - b.timestamp);
  }

  /** One DELETE algoOrder; the reply names the id only, so the rest of the order is unknown (zero). */
  async cancelTrigger(id: string, market: Market): Promise<Order> {
    this.#futures(market, 'cancelOrder');
    const reply = await this.#port.call(this.#port.contract('contractCancelAlgoOrder', 'cancelOrder'), {
      query: { orderId: id },
      schema: contractCancelItemSchema,
      symbol: market.id,
    });
    return {
      id,
      clientOrderId: reply.origClientOrderId ?? '',
      symbol: market.symbol,
      type: 'market',
      side: 'buy',
      status: 'canceled',
      amount: 0,
      filled: 0,
      remaining: 0,
      timestamp: this.#port.pipeline.now(),
      info: reply,
    };
  }

  /** The last trade price, which WEEX conditional orders watch (workingType CONTRACT_PRICE). */
  async lastPrice(market: Market): Promise<number> {
    const trades = await this.#port.call(market.spot ? 'spotTrades' : 'contractTrades', {
      query: { symbol: market.id, limit: 1 },
      schema: publicTradesSchema,
      symbol: market.id,
    });
    const newest = [...trades].sort((a, b) => Number(b.time) - Number(a.time))[0];
    if (!newest) {
      throw this.#port.error('BadResponse', {
        message: `WEEX returned no trade for ${market.id}`,
        hint: 'Retry; the market may be halted.',
      });
    }
    return Number(newest.price);
  }

  // ── funding and mark price ─────────────────────────────────────────────────────────────────

  async fetchFundingRate(symbol: string): Promise<FundingRate> {
    const market = this.#futures(await this.#port.loadMarket(symbol), 'fetchFundingRate');
    return parseFundingRate(await this.#premiumIndex(market), market.symbol);
  }

  async fetchMarkPrice(symbol: string): Promise<MarkPrice> {
    const market = this.#futures(await this.#port.loadMarket(symbol), 'fetchMarkPrice');
    const raw = await this.#premiumIndex(market);
    return {
      symbol: market.symbol,
      markPrice: toNumber(raw.markPrice),
      indexPrice: toNumber(raw.indexPrice),
      timestamp: toNumber(raw.time) ?? this.#port.pipeline.now(),
      info: raw,
    };
  }

  async #premiumIndex(market: Market) {
    const reply = await this.#port.call('contractPremiumIndex', {
      query: { symbol: market.id },
      schema: premiumIndexSchema,
      symbol: market.id,
    });
    const raw = reply.find((item) => item.symbol === market.id);
    if (!raw)
      throw this.#port.error('BadResponse', {
        message: `WEEX returned no premium index for ${market.id}`,
        hint: 'Reload markets with loadMarkets(true).',
      });
    return raw;
  }

  /** Settled funding, oldest first: the first `limit` from `since`, or the latest `limit` (default 100). */
  async fetchFundingRateHistory(symbol: string, since?: number, limit?: number): Promise<FundingRateHistoryEntry[]> {
    const market = this.#futures(await this.#port.loadMarket(symbol), 'fetchFundingRateHistory');
    if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) {
      throw this.#port.error('BadRequest', {
        message: `limit must be a positive whole number, got ${limit}`,
        hint: 'Pass limit like 100.',
      });
    }
    const wanted = Math.min(limit ?? 100, MAX_FUNDING_ROWS);
    const reply = await this.#port.call('contractFundingRate', {
      query: { symbol: market.id, startTime: since, limit: wanted },
      schema: fundingHistorySchema,
      symbol: market.id,
    });
    const entries = reply
      .map((raw) => parseFundingHistory(raw, market.symbol))
      .filter((entry) => since === undefined || entry.timestamp >= since)
      .sort((a, b) => a.timestamp - b.timestamp);
    return since === undefined ? entries.slice(-wanted) : entries.slice(0, wanted);
  }

  // ── leverage and modes ─────────────────────────────────────────────────────────────────────

  async fetchLeverage(symbol: string): Promise<Leverage> {
    const market = this.#futures(await this.#port.loadMarket(symbol), 'fetchLeverage');
    return parseLeverage(await this.#symbolConfig(market, 'fetchLeverage'), market.symbol);
  }

  /**
   * Cross leverage, or isolated leverage per side; the mode and the other side's leverage come
   * from symbolConfig when the caller does not give them (WeexExchange.setLeverage says why).
   */
  async setLeverage(leverage: number, symbol: string, options: LeverageOptions = {}): Promise<void> {
    const params = checkParams(options.params, 'options.params', this.#port.id, { owned: LEVERAGE_WIRE_FIELDS, encoding: 'json' });
    const market = await this.#port.loadMarket(symbol);
    if (!market.contract) {
      throw this.#port.error('BadRequest', {
        message: `${market.symbol} is a spot market; leverage applies to futures`,
        hint: `Use the perpetual, e.g. ${market.base}/${market.quote}:${market.quote}.`,
      });
    }
    this.#port.requireLive('setLeverage');
    const { min = 1, max } = market.limits.leverage ?? {};
    if (!Number.isInteger(leverage) || leverage < min || (max !== undefined && leverage > max)) {
      throw this.#port.error('BadRequest', {
        message: `leverage must be a whole number from ${min} to ${max ?? '…'} on ${market.symbol}, got ${leverage}`,
        hint: `Pick a leverage within ${min}–${max ?? 'the market maximum'}.`,
      });
    }
    let marginMode = options.marginMode;
    let config: WireSymbolConfig | undefined;
    if (marginMode === undefined || (marginMode === 'isolated' && options.side !== undefined)) {
      const configs = await this.#port.call('contractSymbolConfig', { query: { symbol: market.id }, schema: symbolConfigSchema });
      config = configs.find((item) => item.symbol === market.id);
      marginMode ??= config?.marginType.toUpperCase() === 'ISOLATED' ? 'isolated' : 'cross';
    }
    const body: Record<string, unknown> = { symbol: market.id, marginType: marginMode === 'isolated' ? 'ISOLATED' : 'CROSSED' };
    if (marginMode === 'cross') {
      body.crossLeverage = leverage;
    } else {
      // Isolated leverage is per side; the side not asked for keeps its current value.
      body.isolatedLongLeverage = options.side === 'short' ? (toNumber(config?.isolatedLongLeverage) ?? leverage) : leverage;
      body.isolatedShortLeverage = options.side === 'long' ? (toNumber(config?.isolatedShortLeverage) ?? leverage) : leverage;
    }
    await this.#port.call('contractLeverage', { body: { ...body, ...params }, schema: leverageReplySchema, symbol: market.id });
  }

  async setMarginMode(marginMode: MarginMode, symbol: string): Promise<void> {
    if (marginMode !== 'cross' && marginMode !== 'isolated') {
      throw this.#port.error('BadRequest', {
        message: `marginMode must be 'cross' or 'isolated', got ${JSON.stringify(marginMode)}`,
        hint: "Pass 'cross' or 'isolated'.",
      });
    }
    const market = this.#futures(await this.#port.loadMarket(symbol), 'setMarginMode');
    await this.#port.call(this.#port.contract('contractMarginType', 'setMarginMode'), {
      body: { symbol: this.#port.wireSymbol(market), marginType: marginMode === 'isolated' ? 'ISOLATED' : 'CROSSED' },
      schema: successEnvelopeSchema,
      symbol: market.id,
    });
  }

  /**
   * WEEX sets the position combine type per symbol, with the margin type (`separatedType`
   * SEPARATED for hedged, COMBINED for one-way, as ccxt reads it); the current margin type is kept.
   */
  async setPositionMode(hedged: boolean, symbol: string | undefined): Promise<void> {
    if (typeof hedged !== 'boolean') {
      throw this.#port.error('BadRequest', {
        message: `setPositionMode needs true or false, got ${JSON.stringify(hedged)}`,
        hint: 'Pass a boolean.',
      });
    }
    if (symbol === undefined) {
      throw this.#port.error('BadRequest', {
        message: 'WEEX sets the position mode per symbol',
        hint: "Pass the futures symbol: setPositionMode(true, 'BTC/USDT:USDT').",
      });
    }
    const market = this.#futures(await this.#port.loadMarket(symbol), 'setPositionMode');
    const config = await this.#symbolConfig(market, 'setPositionMode');
    await this.#port.call(this.#port.contract('contractMarginType', 'setPositionMode'), {
      body: {
        symbol: this.#port.wireSymbol(market),
        marginType: config.marginType.toUpperCase(),
        separatedType: hedged ? 'SEPARATED' : 'COMBINED',
      },
      schema: successEnvelopeSchema,
      symbol: market.id,
    });
  }

  async #symbolConfig(market: Market, method: string): Promise<WireSymbolConfig> {
    const configs = await this.#port.call(this.#port.contract('contractSymbolConfig', method), {
      query: { symbol: this.#port.wireSymbol(market) },
      schema: symbolConfigSchema,
    });
    const config = configs.find((item) => item.symbol === this.#port.wireSymbol(market)) ?? configs[0];
    if (!config)
      throw this.#port.error('BadResponse', {
        message: `WEEX returned no symbolConfig for ${market.id}`,
        hint: 'Retry; report it if it persists.',
      });
    return config;
  }

  // ── closing positions ──────────────────────────────────────────────────────────────────────

  /**
   * One side: a reduce-only market order of the position's size (client id, so never placed
   * twice). Every side: closePositions for the symbol, then the orders it placed. A lost
   * closePositions reply is resolved by reading the positions: still open → sent again (closing
   * is harmless to repeat); flat → the closing orders from the order history.
   */
  async closePosition(symbol: string, side: 'long' | 'short' | undefined): Promise<Order[]> {
    const market = this.#futures(await this.#port.loadMarket(symbol), 'closePosition');
    if (side !== undefined && side !== 'long' && side !== 'short') {
      throw this.#port.error('BadRequest', {
        message: `side must be 'long' or 'short', got ${JSON.stringify(side)}`,
        hint: 'Omit side to close every side.',
      });
    }
    const positions = (await this.#port.fetchPositions([market.symbol])).filter((position) => side === undefined || position.side === side);
    if (positions.length === 0) return [];
    if (side !== undefined) {
      const orders: Order[] = [];
      for (const position of positions) {
        orders.push(
          await this.#port.createOrder({
            symbol: market.symbol,
            type: 'market',
            side: position.side === 'long' ? 'sell' : 'buy',
            amount: String(position.amount),
            reduceOnly: true,
          }),
        );
      }
      return orders;
    }
    const sentAt = this.#port.pipeline.now();
    const body = { symbol: this.#port.wireSymbol(market) };
    for (let attempt = 1; ; attempt++) {
      try {
        const reply = await this.#port.call(this.#port.contract('contractClosePositions', 'closePosition'), {
          body,
          schema: closePositionsSchema,
          symbol: market.id,
        });
        return await this.#closingOrders(reply, market, positions);
      } catch (error) {
        if (!isExchangeError(error) || error.orderState !== 'unknown' || attempt >= 2) throw error;
        const still = await this.#port.fetchPositions([market.symbol]);
        if (still.length === 0) return this.#recentCloses(market, sentAt);
      }
    }
  }

  async #closingOrders(items: WireClosePositionItem[], market: Market, positions: Position[]): Promise<Order[]> {
    const orders: Order[] = [];
    for (const [index, item] of items.entries()) {
      const position = positions[index] ?? positions[0];
      if (!item.success || !item.successOrderId) {
        orders.push({
          ...this.#closingOrder(market, position, ''),
          status: 'rejected',
          error: this.#port.error('ExchangeError', {
            message: `WEEX did not close position ${item.positionId ?? ''}`.trim(),
            exchangeMessage: item.errorMessage ?? undefined,
            hint: 'fetchPositions shows what is still open.',
          }),
          info: item,
        });
        continue;
      }
      try {
        const raw = await this.#port.call(this.#port.contract('contractOrder', 'closePosition'), {
          query: { orderId: item.successOrderId },
          schema: contractOrderSchema,
        });
        orders.push(parseContractOrder(raw, market.symbol));
      } catch (error) {
        if (!isExchangeError(error)) throw error;
        // The close was accepted; its order could not be read, so it comes back as known.
        orders.push({ ...this.#closingOrder(market, position, item.successOrderId), info: item });
      }
    }
    return orders;
  }

  async #recentCloses(market: Market, sentAt: number): Promise<Order[]> {
    const history = await this.#port.call(this.#port.contract('contractOrderHistory', 'closePosition'), {
      query: { symbol: this.#port.wireSymbol(market), startTime: sentAt - CLOSE_LOOKUP_SLACK_MS },
      schema: contractOrdersSchema,
    });
    return history
      .map((raw) => parseContractOrder(raw, market.symbol))
      .filter((order) => order.type === 'market' && order.reduceOnly === true && order.timestamp >= sentAt - CLOSE_LOOKUP_SLACK_MS);
  }

  #closingOrder(market: Market, position: Position | undefined, id: string): Order {
    const amount = position?.amount ?? 0;
    return {
      id,
      clientOrderId: '',
      symbol: market.symbol,
      type: 'market',
      side: position?.side === 'short' ? 'buy' : 'sell',
      status: 'open',
      amount,
      filled: 0,
      remaining: amount,
      timestamp: this.#port.pipeline.now(),
      reduceOnly: true,
      info: undefined,
    };
  }

  // ── fees ───────────────────────────────────────────────────────────────────────────────────

  /**
   * Spot: the account's commission (one read). Futures: commissionRate per symbol — one weighted
   * request each, so pass `symbols` when not every futures market is needed.
   */
  async fetchTradingFees(symbols: string[] | undefined): Promise<Record<string, TradingFee>> {
    const markets =
      symbols === undefined
        ? Object.values(await this.#port.loadMarkets())
        : await Promise.all(symbols.map((symbol) => this.#port.loadMarket(symbol)));
    const result: Record<string, TradingFee> = {};
    const spot = markets.filter((market) => market.spot);
    if (spot.length > 0) {
      this.#port.requireLiveSpot('fetchTradingFees');
      const account = await this.#port.call('spotAccount', { schema: spotCommissionSchema });
      const { maker, taker } = account.commissionRates;
      for (const market of spot) result[market.symbol] = parseTradingFee(maker, taker, market.symbol, account.commissionRates);
    }
    for (const market of markets.filter((item) => item.contract)) {
      const rate = await this.#port.call(this.#port.contract('contractCommissionRate', 'fetchTradingFees'), {
        query: { symbol: this.#port.wireSymbol(market) },
        schema: commissionRateSchema,
        symbol: market.id,
      });
      result[market.symbol] = parseTradingFee(rate.makerCommissionRate, rate.takerCommissionRate, market.symbol, rate);
    }
    return result;
  }

  #futures(market: Market, method: string): Market {
    if (!market.contract) {
      throw this.#port.error('BadRequest', {
        message: `${method} applies to WEEX futures; ${market.symbol} is spot`,
        hint: `Use the perpetual, e.g. ${market.base}/${market.quote}:${market.quote}.`,
      });
    }
    return market;
  }
}
