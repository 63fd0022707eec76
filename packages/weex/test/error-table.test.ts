import { type HttpResponse, isExchangeError, type Transport } from '@exchange-adapters/core';
import { WEEX_ERROR_CODES, WeexExchange, weexErrorTable } from '../src/index.js';

/** Answers every request with a V3-shaped error envelope carrying the code and WEEX's name for it. */
function answering(code: string): Transport {
  const numeric = /^-?\d+$/.test(code);
  const body = { code: numeric ? Number(code) : code, msg: WEEX_ERROR_CODES[code]?.name ?? code };
  const reply: HttpResponse = { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  return { send: async () => reply };
}

async function thrownFor(code: string): Promise<unknown> {
  const exchange = new WeexExchange({ transport: answering(code), retry: false, rateLimit: false });
  try {
    await exchange.fetchTime();
  } catch (error) {
    return error;
  } finally {
    await exchange.close();
  }
  throw new Error(`no error for ${code}`);
}

describe('weexErrorTable()', () => {
  const table = weexErrorTable();

  it('has one row per mapped code', () => {
    expect(table.map((row) => row.code).sort()).toEqual(Object.keys(WEEX_ERROR_CODES).sort());
  });

  it('marks the V1/V2 codes of the seed guides as legacy and says which codes are catch-alls', () => {
    for (const code of ['40001', '40008', '40012', '43001', '43012', '429']) {
      expect(table.find((row) => row.code === code)?.legacy).toBe('WEEX V1/V2');
    }
    expect(table.find((row) => row.code === '-1046')?.legacy).toBeUndefined();
    expect(table.find((row) => row.code === '-1054')?.meaning).toMatch(/^SYSTEM_ERROR \(a catch-all/);
  });

  it.each(weexErrorTable().map((row) => [row.code, row] as const))('row %s says what the thrown error says', async (_code, row) => {
    const error = await thrownFor(row.code);
    expect(isExchangeError(error)).toBe(true);
    if (!isExchangeError(error)) return;
    expect({ kind: error.kind, hint: error.hint, retryable: error.retryable }).toEqual({
      kind: row.kind,
      hint: row.hint,
      retryable: row.retryable,
    });
  });
});
