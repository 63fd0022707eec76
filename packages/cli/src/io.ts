/**
 * Where the command line reads and writes. `bin.ts` passes the process's streams and environment;
 * tests pass buffers, so every command runs in-process exactly as it does from a shell.
 */
import type { Transport } from '@exchange-adapters/core';
import picocolors from 'picocolors';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  /**
   * How HTTP requests leave this process; the adapters' own transport when absent. A recorded-reply
   * transport lets tests render real adapter output deterministically.
   */
  transport?: Transport;
}

export type Colors = ReturnType<typeof picocolors.createColors>;

/** Colour only on a terminal; NO_COLOR turns it off and FORCE_COLOR on (https://no-color.org). */
export function colorsFor(io: Io): Colors {
  const force = io.env.FORCE_COLOR;
  const enabled = force !== undefined && force !== '' ? force !== '0' && force !== 'false' : !io.env.NO_COLOR && io.stdout.isTTY === true;
  return picocolors.createColors(enabled);
}

/** A bad command line: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface Progress {
  /** Shows `text` next to a spinner until the next call or `stop()`; restarts a stopped spinner. */
  update(text: string): void;
  stop(): void;
}

const SILENT: Progress = { update: () => {}, stop: () => {} };

/**
 * A spinner on stderr while slow work runs, only when stderr is a terminal (never in pipes, files
 * or CI logs, where it would be noise). The spinner library loads only then.
 */
export async function startProgress(io: Io, text: string): Promise<Progress> {
  // A terminal of unknown width (columns 0, as under `script`) would make the spinner's line
  // arithmetic divide by zero; no spinner there either.
  if (io.stderr.isTTY !== true || !(io.stderr.columns && io.stderr.columns > 0) || io.env.CI) return SILENT;
  const { createSpinner } = await import('nanospinner');
  const spinner = createSpinner(text, { stream: io.stderr as NodeJS.WriteStream }).start();
  let spinning = true;
  return {
    // A stopped spinner starts again: output between steps stays clean.
    update: (next) => {
      if (spinning) spinner.update({ text: next });
      else spinner.start({ text: next });
      spinning = true;
    },
    stop: () => {
      if (spinning) spinner.stop();
      spinning = false;
    },
  };
}

/** Runs `work` with a spinner that says what is being waited for. */
export async function withProgress<T>(io: Io, text: string, work: () => Promise<T>): Promise<T> {
  const progress = await startProgress(io, text);
  try {
    return await work();
  } finally {
    progress.stop();
  }
}
