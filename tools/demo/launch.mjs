#!/usr/bin/env node
/**
 * `pnpm demo`: builds what the demo runs on, saying what it does (the first build takes a minute
 * or more; later ones come from turbo's cache), then runs the demo with the arguments given
 * (`pnpm demo --live okx`). Turbo's own output is shown only when the build fails.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const turbo = path.join(root, 'node_modules', '.bin', 'turbo');
const short = (name) => name.replace('@exchange-adapters/', '');

function build() {
  return new Promise((resolve) => {
    process.stdout.write(
      'demo: building core, the three adapters, the simulator and the demo; the first build takes a minute or more, later ones are cached\n',
    );
    const started = performance.now();
    const child = spawn(turbo, ['run', 'build', '--filter=@exchange-adapters/demo...', '--output-logs=new-only'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const transcript = [];
    let built = 0;
    let cached = 0;
    const onLine = (line) => {
      transcript.push(line);
      // One line per task as turbo starts it: "@exchange-adapters/okx:build: cache miss, executing 1a2b…"
      const task = /^(\S+):build: cache (hit|miss|bypass)/.exec(line);
      if (!task) return;
      if (task[2] === 'hit') {
        cached++;
        process.stdout.write(`  ${short(task[1])}: unchanged (cached)\n`);
      } else {
        built++;
        process.stdout.write(`  ${short(task[1])}: building…\n`);
      }
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    child.once('error', (error) => {
      process.stderr.write(`demo: cannot start turbo (${error.message}); run \`npx --yes pnpm@10 install\` first\n`);
      resolve(false);
    });
    child.once('close', (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (code === 0) {
        process.stdout.write(`demo: ready in ${seconds} s (${built} built, ${cached} cached)\n\n`);
        resolve(true);
      } else {
        process.stderr.write(`${transcript.join('\n')}\ndemo: the build failed (turbo exited with ${code}); its output is above\n`);
        resolve(false);
      }
    });
  });
}

if (!(await build())) process.exit(1);
const demo = spawn(process.execPath, [path.join(root, 'tools/demo/dist/main.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
demo.once('close', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
