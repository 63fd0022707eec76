/** How a doctor run reads on a terminal: one line per check with ✓/✗, the fix under a failure, and the diagnosis. */
import { EXCHANGE_NAMES } from '../connect.js';
import type { Colors } from '../io.js';
import type { CheckResult, DoctorReport } from './run.js';

const TITLE_WIDTH = 21;

export function renderHeader(report: Pick<DoctorReport, 'exchange' | 'environment'>, colors: Colors): string {
  return `${colors.bold(`exchange-adapters doctor: ${EXCHANGE_NAMES[report.exchange]}`)} ${colors.dim(`(${report.environment})`)}\n\n`;
}

export function renderCheck(check: CheckResult, colors: Colors): string {
  const mark =
    check.status === 'pass'
      ? colors.green('✓')
      : check.status === 'fail'
        ? colors.red('✗')
        : check.status === 'warn'
          ? colors.yellow('!')
          : colors.dim('–');
  const title = check.title.padEnd(TITLE_WIDTH);
  const summary = check.status === 'skip' ? colors.dim(check.summary) : check.summary;
  const lines = [`${mark} ${check.status === 'fail' ? colors.bold(title) : title} ${summary}`];
  const indent = ' '.repeat(TITLE_WIDTH + 3);
  if (check.fix && (check.status === 'fail' || check.status === 'warn')) lines.push(`${indent}${colors.bold('fix:')} ${check.fix}`);
  for (const detail of check.details ?? []) lines.push(`${indent}${colors.dim(detail)}`);
  return `${lines.join('\n')}\n`;
}

/** The diagnosis: the failing checks' causes, or that all passed. */
export function renderVerdict(report: DoctorReport, colors: Colors): string {
  const failed = report.checks.filter((check) => check.status === 'fail');
  const skipped = report.checks.filter((check) => check.status === 'skip').length;
  if (failed.length === 0) {
    const passed = report.checks.filter((check) => check.status === 'pass' || check.status === 'warn').length;
    return `\n${colors.green('No problem found')}: ${passed} checks passed${skipped ? `, ${skipped} do not apply` : ''}.\n`;
  }
  const lines = [''];
  const head = failed.length === 1 ? '1 problem' : `${failed.length} problems`;
  lines.push(`${colors.red(colors.bold(`${head}:`))}`);
  for (const check of failed) lines.push(`  ${check.title}: ${check.summary}`, ...(check.fix ? [`    fix: ${check.fix}`] : []));
  return `${lines.join('\n')}\n`;
}
