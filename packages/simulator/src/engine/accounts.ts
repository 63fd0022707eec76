/**
 * A venue's ledger: accounts with their wallets, the amounts open orders hold, leverage settings
 * and derivative positions. Every change is reported as a venue event; the matching engine decides
 * when balances move, the ledger keeps them consistent.
 */
import { type Fixed, fixed, min as minFixed, ZERO } from '../decimal.js';
import type { VenueEvents } from './events.js';
import type { MarketSpec } from './markets.js';
import type { Balance, BalanceView, Fill, MarginMode, Order, Position, PositionSide, PositionView, VenueConfig } from './model.js';
import { positionKey, positionMarginOf, positionView, tradePosition } from './positions.js';

export class Account {
  readonly wallets = new Map<string, Map<string, Balance>>();
  readonly positions = new Map<string, Position>();
  readonly leverage = new Map<string, number>();
  readonly orders: Order[] = [];
  readonly fills: Fill[] = [];
  readonly ordersByClientId = new Map<string, Order[]>();

  constructor(
    readonly id: string,
    readonly uid: string,
  ) {}

  balance(wallet: string, currency: string): Balance {
    let balances = this.wallets.get(wallet);
    if (!balances) {
      balances = new Map();
      this.wallets.set(wallet, balances);
    }
    let balance = balances.get(currency);
    if (!balance) {
      balance = { total: ZERO, frozen: ZERO };
      balances.set(currency, balance);
    }
    return balance;
  }
}

export class Accounts {
  readonly #accounts = new Map<string, Account>();
  readonly #config: VenueConfig;
  readonly #events: VenueEvents;
  /** The current mark price of a market (positions' unrealized PnL). */
  readonly #markPrice: (market: MarketSpec) => Fixed;
  #positionSequence = 0;

  constructor(config: VenueConfig, events: VenueEvents, markPrice: (market: MarketSpec) => Fixed) {
    this.#config = config;
    this.#events = events;
    this.#markPrice = markPrice;
  }

  create(id: string, uid: string): Account {
    const account = new Account(id, uid);
    for (const [wallet, balances] of Object.entries(this.#config.initialBalances)) {
      for (const [currency, amount] of Object.entries(balances)) account.balance(wallet, currency).total = fixed(amount);
    }
    this.#accounts.set(id, account);
    return account;
  }

  get(id: string): Account {
    const account = this.#accounts.get(id);
    if (!account) throw new Error(`no account ${id} on ${this.#config.id}`);
    return account;
  }

  list(): Account[] {
    return [...this.#accounts.values()];
  }

  // ---- leverage ------------------------------------------------------------------------------

  /** Leverage for a symbol and margin mode; a leg (`long`/`short`) may have its own (WEEX isolated). */
  leverageOf(account: Account, market: MarketSpec, marginMode: MarginMode, posSide?: PositionSide): number {
    return (
      (posSide ? account.leverage.get(`${market.symbol}:${marginMode}:${posSide}`) : undefined) ??
      account.leverage.get(`${market.symbol}:${marginMode}`) ??
      this.#config.defaultLeverage
    );
  }

  /** Sets leverage and applies it to the open positions it covers. */
  setLeverage(accountId: string, symbol: string, marginMode: MarginMode, leverage: number, nowMs: number, posSide?: PositionSide): void {
    const account = this.get(accountId);
    account.leverage.set(posSide ? `${symbol}:${marginMode}:${posSide}` : `${symbol}:${marginMode}`, leverage);
    for (const position of account.positions.values()) {
      if (position.market.symbol === symbol && position.marginMode === marginMode && (!posSide || position.posSide === posSide)) {
        position.leverage = leverage;
        position.updatedAt = nowMs;
        this.#events.emit({ type: 'position', accountId, position: { ...position } });
        this.#events.emit({ type: 'account', accountId });
      }
    }
  }

  // ---- holds ---------------------------------------------------------------------------------

  /** Holds `amount` of `currency` for an order (replacing what the order recorded as held). */
  freeze(account: Account, order: Order, currency: string, amount: Fixed): void {
    order.frozen = amount;
    order.frozenCurrency = currency;
    account.balance(order.wallet, currency).frozen += amount;
    this.#events.emit({ type: 'account', accountId: account.id });
  }

  /** Gives back up to `amount` of what an order holds. */
  release(order: Order, amount: Fixed): void {
    const released = minFixed(amount, order.frozen);
    if (released <= 0n) return;
    order.frozen -= released;
    this.get(order.accountId).balance(order.wallet, order.frozenCurrency).frozen -= released;
    this.#events.emit({ type: 'account', accountId: order.accountId });
  }

  /** What is free to hold: total less open orders' holds and position margin. */
  available(account: Account, wallet: string, currency: string): Fixed {
    const balance = account.balance(wallet, currency);
    return balance.total - balance.frozen - this.#positionMargin(account, wallet, currency);
  }

  #positionMargin(account: Account, wallet: string, currency: string): Fixed {
    let margin = ZERO;
    for (const position of account.positions.values()) {
      if (position.market.settle === currency && this.#config.walletOf(position.market) === wallet) margin += positionMarginOf(position);
    }
    return margin;
  }

  // ---- positions -----------------------------------------------------------------------------

  /** Applies a derivative fill to the order's position (opened on first fill, dropped when flat); returns the realized PnL. */
  fillPosition(account: Account, order: Order, price: Fixed, quantity: Fixed, fee: Fixed, time: number, tradeId: number): Fixed {
    const key = positionKey(order);
    let position = account.positions.get(key);
    if (!position) {
      position = {
        id: (this.#config.orderIdBase + 500_000_000n + BigInt(++this.#positionSequence)).toString(),
        market: order.market,
        marginMode: order.marginMode,
        posSide: order.posSide,
        size: ZERO,
        entryPrice: ZERO,
        leverage: order.leverage,
        realizedPnl: ZERO,
        fee: ZERO,
        createdAt: time,
        updatedAt: time,
        lastTradeId: tradeId,
      };
      account.positions.set(key, position);
    }
    const realized = tradePosition(position, order.side, price, quantity);
    position.leverage = this.leverageOf(account, order.market, order.marginMode, order.posSide);
    position.realizedPnl += realized - fee;
    position.fee += fee;
    position.updatedAt = time;
    position.lastTradeId = tradeId;
    this.#events.emit({ type: 'position', accountId: account.id, position: { ...position } });
    if (position.size === 0n) account.positions.delete(key);
    return realized;
  }

  // ---- views ---------------------------------------------------------------------------------

  positions(accountId: string): PositionView[] {
    return [...this.get(accountId).positions.values()].map((position) => this.#view(position));
  }

  balances(accountId: string, wallet: string): BalanceView[] {
    const account = this.get(accountId);
    const views: BalanceView[] = [];
    for (const [currency, balance] of account.wallets.get(wallet) ?? []) {
      let unrealizedPnl = ZERO;
      for (const position of account.positions.values()) {
        if (position.market.settle === currency && this.#config.walletOf(position.market) === wallet) {
          unrealizedPnl += this.#view(position).unrealizedPnl;
        }
      }
      const positionMargin = this.#positionMargin(account, wallet, currency);
      views.push({
        currency,
        total: balance.total,
        frozen: balance.frozen,
        positionMargin,
        unrealizedPnl,
        available: balance.total - balance.frozen - positionMargin,
      });
    }
    return views;
  }

  #view(position: Position): PositionView {
    return positionView(position, this.#markPrice(position.market));
  }
}
