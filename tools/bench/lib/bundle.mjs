// Bundle size of the smallest real app — import OkxExchange, fetch one ticker — as a user would
// ship it: esbuild, platform node, minified, one file; gzip size of that file. okx-api's same app
// beside it. The bundle is then run against the mock venue, so a size won by leaving out something
// the app needs would show as a failure here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

async function bundle(entry, outDir, name) {
  const outfile = join(outDir, `${name}.mjs`);
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`../probes/${entry}`, import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    outfile,
    metafile: true,
    logLevel: 'silent',
    // Some CommonJS dependencies call require() on node built-ins from ESM output.
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  });
  const code = readFileSync(outfile);
  const byPackage = new Map();
  for (const [path, input] of Object.entries(result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].inputs)) {
    const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path);
    const key = match ? match[1] : path.includes('packages/') ? `@exchange-adapters/${path.split('packages/')[1].split('/')[0]}` : path;
    byPackage.set(key, (byPackage.get(key) ?? 0) + input.bytesInOutput / 1024);
  }
  const top = [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4);
  return { outfile, minKb: code.length / 1024, gzipKb: gzipSync(code, { level: 9 }).length / 1024, top };
}

function runs(outfile, url) {
  if (!url) return 'not run';
  try {
    const output = execFileSync(process.execPath, [outfile], {
      env: { ...process.env, OKX_BASE_URL: url },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return JSON.parse(output.trim()).last > 0 ? 'yes' : 'no';
  } catch (error) {
    return `failed (${String(error.message).split('\n')[0]})`;
  }
}

export async function bundleSizes(mockUrl) {
  const dir = mkdtempSync(join(tmpdir(), 'ea-bundle-'));
  try {
    const ours = await bundle('bundle-app-ours.mjs', dir, 'ours');
    const okxApi = await bundle('bundle-app-okx-api.mjs', dir, 'okx-api');
    return { ours: { ...ours, ran: runs(ours.outfile, mockUrl) }, okxApi: { ...okxApi, ran: runs(okxApi.outfile, mockUrl) } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
