import { type HttpResponse, isExchangeError, type Transport } from '@exchange-adapters/core';
import { createError } from '@exchange-adapters/core/adapter';
import { OKX_ERROR_CODES, OKX_TIMEFRAMES, OkxExchange, okxErrorTable, okxWsUrls } from '../src/index.js';
import { createOkxWsSpec, OKX_WS_ERROR_CODES } from '../src/streams.js';
import { fixture, useNock } from './helpers.js';

// helpers.ts loads nock, which patches http on import: useNock removes the patch after this file,
// so the next file in this worker starts clean.
useNock();

/** Answers every request with one recorded-shape OKX error envelope. */
function answering(code: string, subCode?: string): Transport {
  const [main] = code.split('_');
  const body = subCode
    ? { code: '1', msg: 'Operation failed.', data: [{ sCode: main, sMsg: 'failed', subCode }] }
    : { code: main, msg: 'refused', data: [] };
  const reply: HttpResponse = { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  return { send: async () => reply };
}

async function thrownFor(code: string): Promise<unknown> {
  const [, subCode] = code.split('_');
  const exchange = new OkxExchange({ transport: answering(code, subCode), retry: false, rateLimit: false });
  try {
    await exchange.fetchTime();
  } catch (error) {
    return error;
  } finally {
    await exchange.close();
  }
  throw new Error(`no error for ${code}`);
}

/**
 * What a stream's error says for a WebSocket code: the recorded login-refusal frame carrying it, read
 * by the spec the stream engine runs (its frame parser, then its classifier), and the error built
 * from that as the engine's connection builds it.
 */
function streamErrorFor(code: string) {
  const spec = createOkxWsSpec({
    urls: okxWsUrls({ region: 'global', demo: false }),
    timeframes: OKX_TIMEFRAMES,
    context: { marketById: () => undefined },
  });
  const inbound = spec.parse(JSON.stringify({ ...fixture('ws-login-error').response, code }), 'private');
  if (!('type' in inbound) || inbound.type !== 'error') throw new Error(`frame with ${code} not read as an error frame`);
  const found = spec.classifyError(inbound.code, inbound.message);
  const error = createError(found.kind, {
    exchange: 'okx',
    message: found.message,
    exchangeCode: found.exchangeCode ?? inbound.code,
    exchangeMessage: found.exchangeMessage ?? inbound.message,
    hint: found.hint,
    retryable: found.retryable,
  });
  return { kind: error.kind, hint: error.hint, retryable: error.retryable };
}

describe('okxErrorTable()', () => {
  const table = okxErrorTable();

  it('has one row per mapped code, plus the sub-codes that change the kind', () => {
    const codes = table.map((row) => row.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expect.arrayContaining([...Object.keys(OKX_ERROR_CODES), ...Object.keys(OKX_WS_ERROR_CODES)]));
    expect(codes.filter((code) => !(code in OKX_ERROR_CODES) && !(code in OKX_WS_ERROR_CODES))).toEqual([
      '51008_1001',
      '51008_1003',
      '51008_1009',
    ]);
  });

  it('documents what every code means (add a meaning in error-table.ts with each new code)', () => {
    expect(table.filter((row) => row.meaning === 'not described in the protocol notes').map((row) => row.code)).toEqual([]);
  });

  it('marks the OKEx v3 codes the seed guides quote as legacy', () => {
    for (const code of ['30001', '30006', '30008', '30012', '32008']) {
      expect(table.find((row) => row.code === code)?.legacy).toBe('OKEx v3');
    }
    expect(table.find((row) => row.code === '50102')?.legacy).toBeUndefined();
  });

  it('lists the WebSocket codes with the kind and hint of a stream refused with them', () => {
    const rows = table.filter((row) => row.code in OKX_WS_ERROR_CODES);
    expect(rows.map((row) => row.code)).toEqual(Object.keys(OKX_WS_ERROR_CODES));
    expect(rows.find((row) => row.code === '60018')).toMatchObject({ kind: 'InvalidSymbol', meaning: expect.stringMatching(/channel/) });
    for (const row of rows) {
      expect({ code: row.code, ...streamErrorFor(row.code) }).toEqual({
        code: row.code,
        kind: row.kind,
        hint: row.hint,
        retryable: row.retryable,
      });
    }
  });

  const restRows = okxErrorTable().filter((row) => !(row.code in OKX_WS_ERROR_CODES));
  it.each(restRows.map((row) => [row.code, row] as const))('row %s says what the thrown error says', async (_code, row) => {
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
