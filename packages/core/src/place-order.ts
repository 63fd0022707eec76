/**
 * The create path: an order is never placed twice. An attempt whose outcome is unknown is
 * resolved by looking the order up by its client order id before anything is sent again.
 */
import { type ExchangeError, isExchangeError, NetworkError, type OrderState, reviseError } from './errors.js';
import type { AdapterSpec } from './pipeline.js';

/** What placing an order needs of the pipeline. */
export interface PlacementContext {
  /** Exchange id and display name, for the error of a lookup that failed. */
  spec: Pick<AdapterSpec, 'id' | 'name'>;
  /** The retry policy's `maxAttempts`: sends at most; undefined (retries off) sends once. */
  maxAttempts: number | undefined;
  /** Emits the `retry` event of a send after the lookup found nothing. */
  onResend: (attempt: number, sendError: ExchangeError) => void;
}

/**
 * Places an order without ever placing it twice. `send` is one attempt with the given client
 * order id; when its outcome is unknown (timeout, reset after the request was written, an
 * exchange "outcome unknown" code) `lookup` searches for the order by that id: found → it is
 * returned; absent → sent again with the same id; lookup failing → NetworkError with
 * `orderState: 'unknown'` and the client id.
 */
export async function placeOrderOnce<T>(
  clientOrderId: string,
  send: () => Promise<T>,
  lookup: () => Promise<T | undefined>,
  context: PlacementContext,
): Promise<T> {
  const maxSends = Math.max(1, context.maxAttempts ?? 1);
  for (let attempt = 1; ; attempt++) {
    let sendError: ExchangeError;
    try {
      return await send();
    } catch (error) {
      if (!isExchangeError(error)) throw error;
      if (error.orderState !== 'unknown') throw withOrderState(error, 'not-placed', clientOrderId);
      sendError = error;
    }
    let found: T | undefined;
    try {
      found = await lookup();
    } catch (lookupError) {
      // The adapter's lookup already judged the outcome unknown (several matching orders): its words stand.
      if (isExchangeError(lookupError) && lookupError.orderState === 'unknown') {
        throw reviseError(lookupError, { clientOrderId, cause: lookupError.cause ?? sendError });
      }
      throw new NetworkError({
        exchange: context.spec.id,
        message: `order outcome unknown: the reply was lost (${sendError.message}) and looking the order up failed`,
        orderState: 'unknown',
        clientOrderId,
        request: sendError.request,
        retryable: false,
        hint: `The order may be live on ${context.spec.name}. Find it with fetchOpenOrders or by client order id ${clientOrderId} before placing it again.`,
        cause: lookupError,
      });
    }
    if (found !== undefined) return found;
    if (attempt >= maxSends) {
      throw withOrderState(
        sendError,
        'not-placed',
        clientOrderId,
        `The order was not found on ${context.spec.name} after ${attempt} attempts, so it was not placed; it is safe to try again.`,
      );
    }
    context.onResend(attempt, sendError);
  }
}

/** The same error with the order's fate and client id stated. */
function withOrderState(error: ExchangeError, orderState: OrderState, clientOrderId: string, hint?: string): ExchangeError {
  if (error.orderState === orderState && error.clientOrderId === clientOrderId && !hint) return error;
  return reviseError(error, { orderState, clientOrderId, ...(hint ? { hint } : {}) });
}
