import { type HttpResponse, isExchangeError, type Transport } from '@exchange-adapters/core';
import { OkexV1Exchange, okexV1ErrorTable, REST_ERRORS } from '../src/index.js';

/** Answers every request the way v1 reports errors: HTTP 200 with `{result:false, error_code}`. */
function answering(code: string): Transport {
  const reply: HttpResponse = {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ result: false, error_code: Number(code) }),
  };
  return { send: async () => reply };
}

async function thrownFor(code: string): Promise<unknown> {
  const exchange = new OkexV1Exchange({ transport: answering(code), retry: false, rateLimit: false });
  try {
    await exchange.request({ method: 'GET', path: '/api/v1/ticker.do', query: { symbol: 'btc_usdt' } });
  } catch (error) {
    return error;
  } finally {
    await exchange.close();
  }
  throw new Error(`no error for ${code}`);
}

describe('okexV1ErrorTable()', () => {
  const table = okexV1ErrorTable();

  it('has one row per mapped REST code, each with its documented meaning', () => {
    expect(table.map((row) => row.code).sort()).toEqual(Object.keys(REST_ERRORS).sort());
    expect(table.find((row) => row.code === '10007')?.meaning).toBe('signature does not match');
  });

  it('flags the system errors that leave an order’s fate unknown', () => {
    expect(table.filter((row) => row.outcomeUnknown).map((row) => row.code)).toEqual(['10002', '20014']);
  });

  it.each(okexV1ErrorTable().map((row) => [row.code, row] as const))('row %s says what the thrown error says', async (_code, row) => {
    const error = await thrownFor(row.code);
    expect(isExchangeError(error)).toBe(true);
    if (!isExchangeError(error)) return;
    expect({ kind: error.kind, hint: error.hint, retryable: error.retryable, message: error.detail }).toEqual({
      kind: row.kind,
      hint: row.hint,
      retryable: row.retryable,
      message: row.meaning,
    });
  });
});
