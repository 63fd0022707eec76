/**
 * Executable documentation. Every ```ts block of README.md and packages/<pkg>/README.md is
 *
 *   1. type-checked as its own ES module against the built packages, with the settings of a strict
 *      consumer (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess, skipLibCheck off);
 *   2. unless marked ```ts no-run, run with node against the simulator: a fresh `startSimulator`
 *      on port 0 per block, whose keys are in the environment (OKX_API_KEY, WEEX_SECRET, …) and
 *      whose URLs and keys are injected into every exchange the block constructs without a
 *      `baseUrl` of its own. Blocks that start their own simulator keep it; either way every
 *      request served and every order placed is recorded, and the test checks that each exchange
 *      the block names was really talked to.
 *
 * Injection is done by module shims: the compiled block imports `@exchange-adapters/<pkg>` through
 * a module that re-exports the package and wraps `createExchange`, the exchange classes and
 * `startSimulator`. Nothing in the packages knows about it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXCHANGES, type ExchangeId, type SimulatedOrder, type Simulator, startSimulator } from '@exchange-adapters/simulator';
import ts from 'typescript';
import { type CodeBlock, readMarkdown, repoRoot } from './markdown.js';

const README_FILES = [
  'README.md',
  ...['core', 'okx', 'weex', 'okex-v1', 'simulator', 'cli', 'rate-limit-redis'].map((name) => `packages/${name}/README.md`),
];
const workDir = path.resolve(__dirname, '../.examples');
const RUN_TIMEOUT_MS = 60_000;

interface Example {
  id: string;
  readme: string;
  block: CodeBlock;
  runs: boolean;
  source: string;
}

function collectExamples(): Example[] {
  const examples: Example[] = [];
  for (const readme of README_FILES) {
    for (const block of readMarkdown(readme).blocks) {
      const [language, ...attributes] = block.info.split(/\s+/);
      if (language !== 'ts' && language !== 'typescript') continue;
      const id = `${readme.replace(/\/README\.md$|\.md$/, '').replace(/[^a-z0-9]+/gi, '-')}-L${block.line}`;
      examples.push({ id, readme, block, runs: !attributes.includes('no-run'), source: path.join(workDir, `${id}.ts`) });
    }
  }
  return examples;
}

const SHIMS: Record<string, string> = {
  'inject.mjs': `
const targets = JSON.parse(process.env.DOCS_SIM_TARGETS ?? '{}');
/** The simulator's URLs and keys for an exchange the block points nowhere in particular. */
export function inject(id, options) {
  if (options !== undefined && options !== null && options.baseUrl !== undefined) return options;
  const target = id === 'okx' && options?.demo ? targets.okxDemo : targets[id];
  return target === undefined ? options : { ...(options ?? {}), ...target };
}`,
  'core.mjs': `
export * from '@exchange-adapters/core';
import { createExchange as create } from '@exchange-adapters/core';
import { inject } from './inject.mjs';
export function createExchange(id, options) { return create(id, inject(id, options)); }`,
  'okx.mjs': `
export * from '@exchange-adapters/okx';
import { OkxExchange as Exchange } from '@exchange-adapters/okx';
import { inject } from './inject.mjs';
export class OkxExchange extends Exchange { constructor(options) { super(inject('okx', options)); } }`,
  'weex.mjs': `
export * from '@exchange-adapters/weex';
import { WeexExchange as Exchange } from '@exchange-adapters/weex';
import { inject } from './inject.mjs';
export class WeexExchange extends Exchange { constructor(options) { super(inject('weex', options)); } }`,
  'okex-v1.mjs': `
export * from '@exchange-adapters/okex-v1';
import { OkexV1Exchange as Exchange } from '@exchange-adapters/okex-v1';
import { inject } from './inject.mjs';
export class OkexV1Exchange extends Exchange { constructor(options) { super(inject('okex-v1', options)); } }`,
  'simulator.mjs': `
export * from '@exchange-adapters/simulator';
import { appendFileSync } from 'node:fs';
import { EXCHANGES, startSimulator as start } from '@exchange-adapters/simulator';
const record = (entry) => appendFileSync(process.env.DOCS_RECORD, JSON.stringify(entry) + '\\n');
/** A simulator the block starts itself: its requests and, at close, its orders are recorded too. */
export async function startSimulator(options = {}) {
  const sim = await start({ ...options, onRequest(entry) { record({ request: entry }); options.onRequest?.(entry); } });
  const close = async () => {
    for (const exchange of EXCHANGES) record({ orders: { exchange, list: sim.orders(exchange) } });
    await sim.close();
  };
  return new Proxy(sim, {
    get(target, key) {
      if (key === 'close') return close;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}`,
};

const SHIMMED = /(['"])@exchange-adapters\/(core|okx|weex|okex-v1|simulator)\1/g;

function compileForNode(example: Example): string {
  const output = ts.transpileModule(example.block.code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    fileName: example.source,
  }).outputText;
  const file = example.source.replace(/\.ts$/, '.mjs');
  writeFileSync(
    file,
    output.replace(SHIMMED, (_match, quote: string, name: string) => `${quote}./shims/${name}.mjs${quote}`),
  );
  return file;
}

interface Recorded {
  requests: Array<{ exchange?: string; method: string; path: string; status?: number }>;
  orders: Array<{ exchange: ExchangeId; order: SimulatedOrder }>;
}

function readRecord(file: string): Recorded {
  const recorded: Recorded = { requests: [], orders: [] };
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return recorded;
  }
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const entry = JSON.parse(line) as { request?: Recorded['requests'][number]; orders?: { exchange: ExchangeId; list: SimulatedOrder[] } };
    if (entry.request) recorded.requests.push(entry.request);
    if (entry.orders) for (const order of entry.orders.list) recorded.orders.push({ exchange: entry.orders.exchange, order });
  }
  return recorded;
}

/**
 * Exchanges a block talks to: when it constructs an exchange (createExchange or a class), each id
 * it names in quotes and each exchange class it uses. A block about the simulator alone names none.
 */
function namedExchanges(block: string): ExchangeId[] {
  const code = block.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, ''); // comments name nothing
  const named = new Set<ExchangeId>();
  if (!/\bcreateExchange\(|\bnew (Okx|Weex|OkexV1)Exchange\(/.test(code)) return [];
  for (const match of code.matchAll(/['"](okx|weex|okex-v1)['"]/g)) named.add(match[1] as ExchangeId);
  if (/\bOkxExchange\b/.test(code)) named.add('okx');
  if (/\bWeexExchange\b/.test(code)) named.add('weex');
  if (/\bOkexV1Exchange\b/.test(code)) named.add('okex-v1');
  return [...named];
}

function runNode(file: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { cwd: workDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => {
      output += `\n(killed after ${RUN_TIMEOUT_MS} ms)`;
      child.kill('SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Compiles and runs one block against a fresh simulator; returns its exit code, output and what the simulators saw. */
async function runAgainstSimulator(example: Example): Promise<{ code: number | null; output: string; recorded: Recorded }> {
  const recordFile = path.join(workDir, `${example.id}.record.jsonl`);
  rmSync(recordFile, { force: true });
  const sim: Simulator = await startSimulator({
    port: 0,
    onRequest: (entry) => writeFileSync(recordFile, `${JSON.stringify({ request: entry })}\n`, { flag: 'a' }),
  });
  try {
    const targets = {
      okx: sim.exchangeOptions('okx'),
      okxDemo: { ...sim.exchangeOptions('okx'), ...sim.demoCredentials.okx },
      weex: sim.exchangeOptions('weex'),
      'okex-v1': sim.exchangeOptions('okex-v1'),
    };
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DOCS_SIM_TARGETS: JSON.stringify(targets),
      DOCS_RECORD: recordFile,
      OKX_API_KEY: targets.okx.apiKey,
      OKX_SECRET: targets.okx.secret,
      OKX_PASSPHRASE: targets.okx.passphrase,
      WEEX_API_KEY: targets.weex.apiKey,
      WEEX_SECRET: targets.weex.secret,
      WEEX_PASSPHRASE: targets.weex.passphrase,
      OKEX_V1_API_KEY: targets['okex-v1'].apiKey,
      OKEX_V1_SECRET: targets['okex-v1'].secret,
    };
    const { code, output } = await runNode(compileForNode(example), env);
    const recorded = readRecord(recordFile);
    for (const exchange of EXCHANGES) for (const order of sim.orders(exchange)) recorded.orders.push({ exchange, order });
    return { code, output, recorded };
  } finally {
    await sim.close();
  }
}

/** A block written here, not in a README: for the runner's own checks. */
function syntheticExample(id: string, code: string): Example {
  const source = path.join(workDir, `${id}.ts`);
  writeFileSync(source, code);
  return { id, readme: '(test)', block: { info: 'ts', code, line: 1 }, runs: true, source };
}

const examples = collectExamples();
/** The README's first runnable block: it must place a post-only order on both exchanges it names. */
const headline = examples.find((example) => example.readme === 'README.md' && example.runs);
let diagnostics = new Map<string, string[]>();

beforeAll(() => {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(path.join(workDir, 'shims'), { recursive: true });
  writeFileSync(path.join(workDir, 'package.json'), '{ "type": "module", "private": true }\n');
  for (const [name, text] of Object.entries(SHIMS)) writeFileSync(path.join(workDir, 'shims', name), `${text.trim()}\n`);
  for (const example of examples) writeFileSync(example.source, example.block.code);

  const program = ts.createProgram(
    examples.map((example) => example.source),
    {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: false,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts'],
      types: ['node'],
      typeRoots: [path.join(repoRoot, 'node_modules/@types')],
    },
  );
  diagnostics = new Map();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName ?? '(global)';
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const where =
      diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
    const list = diagnostics.get(path.resolve(file)) ?? [];
    list.push(`${where ? `line ${where.line + 1}: ` : ''}TS${diagnostic.code} ${text}`);
    diagnostics.set(path.resolve(file), list);
  }
}, 120_000);

describe('README code blocks', () => {
  it('finds the blocks: the README headline example among them, runnable', () => {
    expect(headline?.block.code).toMatch(/timeInForce: 'PO'/);
    expect(examples.filter((example) => example.runs).length).toBeGreaterThanOrEqual(5);
  });

  it('the runner fails a block that throws, and injects the simulator into live-style options', async () => {
    const failing = await runAgainstSimulator(syntheticExample('self-throws', "throw new Error('documented failure');\n"));
    expect(failing.code).not.toBe(0);
    expect(failing.output).toContain('documented failure');

    const live = await runAgainstSimulator(
      syntheticExample(
        'self-live',
        [
          "import { createExchange } from '@exchange-adapters/core';",
          "const weex = await createExchange('weex', { apiKey: process.env.WEEX_API_KEY, secret: process.env.WEEX_SECRET, passphrase: process.env.WEEX_PASSPHRASE });",
          'console.log(Object.keys((await weex.fetchBalance()).assets).length);',
          'await weex.close();',
        ].join('\n'),
      ),
    );
    expect(live.code).toBe(0);
    expect(live.recorded.requests.some((request) => request.exchange === 'weex' && request.status === 200)).toBe(true);
  });

  it('type-checks the library declarations they import (no error outside the blocks)', () => {
    const sources = new Set(examples.map((example) => path.resolve(example.source)));
    const elsewhere = [...diagnostics].filter(([file]) => !sources.has(file));
    expect(elsewhere).toEqual([]);
  });

  describe.each(examples.map((example) => [`${example.readme}:${example.block.line}${example.runs ? '' : ' (no-run)'}`, example] as const))(
    '%s',
    (_name, example) => {
      it('type-checks strictly against the built packages', () => {
        expect(diagnostics.get(path.resolve(example.source)) ?? []).toEqual([]);
      });

      if (!example.runs) return;

      it(`runs against the simulator on ${namedExchanges(example.block.code).join(', ') || 'no exchange'}`, async () => {
        const { code, output, recorded } = await runAgainstSimulator(example);
        if (code !== 0) throw new Error(`exited with ${code}:\n${output}`);
        for (const exchange of namedExchanges(example.block.code)) {
          const served = recorded.requests.filter((request) => request.exchange === exchange && request.status !== undefined);
          expect({ exchange, served: served.length > 0 }).toEqual({ exchange, served: true });
        }
        if (example === headline) {
          // The headline example: a post-only order rests on both perpetual books it names.
          for (const exchange of ['okx', 'weex'] as const) {
            const postOnly = recorded.orders.filter(
              ({ exchange: venue, order }) => venue === exchange && order.symbol === 'BTC/USDT:USDT' && order.timeInForce === 'PO',
            );
            expect({ exchange, postOnly: postOnly.length }).toEqual({ exchange, postOnly: 1 });
          }
        }
      });
    },
  );
});
