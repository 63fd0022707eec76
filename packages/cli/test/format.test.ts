import { checkFormat } from '../src/doctor/format.js';

const OKX = { apiKey: 'a7f1c1f0-5b1e-4c2a-9d43-0c2b6f3e9a11', secret: '22582BD0CFF14C41EDBF1AB98506286D', passphrase: 'Chosen-by-me1' };
const env = { kind: 'env', name: 'OKX_SECRET' } as const;

describe('credential format', () => {
  it('accepts credentials shaped as each exchange issues them, and shows only the key’s last four characters', () => {
    expect(checkFormat('okx', OKX, {})).toEqual({ problems: [], keyTail: '…9a11' });
    expect(
      checkFormat('weex', { apiKey: `weex_${'a1'.repeat(16)}`, secret: 'f0'.repeat(32), passphrase: 'weex1234' }, {}).problems,
    ).toEqual([]);
    expect(checkFormat('okex-v1', { apiKey: OKX.apiKey, secret: OKX.secret }, {}).problems).toEqual([]);
  });

  it.each([
    ['missing', { secret: undefined }, 'secret is missing (from OKX_SECRET)', /^set OKX_SECRET/],
    ['blank', { secret: '   ' }, 'secret is blank (from OKX_SECRET)', /real value/],
    [
      '"undefined" text',
      { secret: 'undefined' },
      'secret is the text "undefined" (from OKX_SECRET): an unset variable was turned into text',
      /before it is read/,
    ],
    [
      '"null" text',
      { secret: 'null' },
      'secret is the text "null" (from OKX_SECRET): an unset variable was turned into text',
      /before it is read/,
    ],
    ['leading whitespace', { secret: ` ${OKX.secret}` }, 'secret has leading whitespace (from OKX_SECRET)', /remove the spaces/],
    ['quotes', { secret: `"${OKX.secret}"` }, 'secret is wrapped in quotes (from OKX_SECRET)', /\.env/],
    [
      'inner whitespace',
      { secret: `${OKX.secret.slice(0, 10)} ${OKX.secret.slice(10)}` },
      'secret contains whitespace (from OKX_SECRET)',
      /one piece/,
    ],
    [
      'non-ASCII',
      { secret: `${OKX.secret.slice(0, 31)}€` },
      'secret contains characters outside printable ASCII (from OKX_SECRET)',
      /plain text/,
    ],
    [
      'wrong length',
      { secret: OKX.secret.slice(0, 31) },
      'secret is 31 characters (from OKX_SECRET); OKX issues secrets as 32 upper-case hex characters',
      /in full/,
    ],
    [
      'lower case',
      { secret: OKX.secret.toLowerCase() },
      'secret has lower-case letters (from OKX_SECRET); OKX issues secrets as 32 upper-case hex characters',
      /changed its case/,
    ],
    [
      'wrong alphabet',
      { secret: `${OKX.secret.slice(0, 31)}Z` },
      'secret has characters OKX does not use there (from OKX_SECRET); OKX issues secrets as 32 upper-case hex characters',
      /another field/,
    ],
  ])('names a %s secret, where it came from, and the fix; never the value', (_name, change, problem, fix) => {
    const finding = checkFormat('okx', { ...OKX, ...change }, { secret: env });
    expect(finding.problems).toEqual([{ field: 'secret', problem, fix: expect.stringMatching(fix) }]);
    expect(JSON.stringify(finding)).not.toContain(OKX.secret.slice(0, 12));
  });

  it('says a flag is where to fix a value given by flag', () => {
    const finding = checkFormat(
      'weex',
      { apiKey: 'weex_x', secret: 'f0'.repeat(32), passphrase: 'p1' },
      { apiKey: { kind: 'flag', name: '--api-key' } },
    );
    expect(finding.problems[0]).toMatchObject({
      field: 'apiKey',
      problem: expect.stringMatching(/^apiKey is 6 characters \(from --api-key\)/),
    });
  });

  it('spots an apiKey and secret given the other way round', () => {
    const finding = checkFormat('okx', { ...OKX, apiKey: OKX.secret, secret: OKX.apiKey }, {});
    expect(finding.problems).toEqual([{ field: 'apiKey', problem: expect.stringMatching(/swapped/), fix: 'exchange the two values' }]);
  });

  it('lists every problem, the first being the cause', () => {
    const finding = checkFormat('okx', { apiKey: undefined, secret: 'undefined', passphrase: ' x' }, {});
    expect(finding.problems.map((problem) => problem.field)).toEqual(['apiKey', 'secret', 'passphrase']);
  });

  it('asks OKEx v1 for no passphrase', () => {
    expect(checkFormat('okex-v1', { apiKey: OKX.apiKey, secret: OKX.secret, passphrase: undefined }, {}).problems).toEqual([]);
  });
});
