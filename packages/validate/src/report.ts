import { describe } from './tree';
import { Finding, ValidationReport } from './types';

/** One line per finding: `file:line: Kind ns/name field: message [check rule]`. @public */
export function formatFinding(f: Finding): string {
  const where = f.line ? `${f.file}:${f.line}` : f.file;
  const parts = [where];
  if (f.object) parts.push(describe(f.object));
  if (f.field) parts.push(f.field);
  const tag = [f.check, f.rule].filter(Boolean).join(' ');
  const origin = f.origin ? ` (${f.origin})` : '';
  return `${parts.join(' ')}: ${f.message} [${tag}]${origin}`;
}

/** The report as text for logs and terminals. @public */
export function formatReport(report: ValidationReport): string {
  const lines = report.findings.map(formatFinding);
  const checks = report.checks
    .map(c => `${c.check} ${c.findings} (${c.durationMs} ms)`)
    .join(', ');
  lines.push(
    `${report.findings.length} finding(s) in ${report.objects} object(s): ${checks}`,
  );
  if (report.checkov) {
    const { passed, failed, skipped } = report.checkov;
    lines.push(
      `checkov: ${passed} passed, ${failed} failed, ${skipped} skipped`,
    );
  }
  return lines.join('\n');
}
