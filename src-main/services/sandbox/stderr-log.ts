import { redactSecrets } from '../../security/redact.ts';

/**
 * The sandbox child's stderr, kept as the last few lines with anything credential-shaped removed,
 * so a crash report can say why without growing without bound or leaking a key.
 */
export class StderrLog {
  private readonly lines: string[] = [];
  private partial = '';
  private readonly maxLines: number;
  private readonly maxLineLength: number;

  constructor(maxLines = 200, maxLineLength = 2_000) {
    this.maxLines = maxLines;
    this.maxLineLength = maxLineLength;
  }

  append(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const parts = text.split('\n');
    this.partial = (parts.pop() ?? '').slice(-this.maxLineLength);
    for (const line of parts) this.push(line);
  }

  /** The last `count` lines, oldest first, including an unterminated last line. */
  tail(count = 20): string[] {
    const all = this.partial ? [...this.lines, redactSecrets(this.partial)] : this.lines;
    return all.slice(-Math.min(count, this.maxLines));
  }

  private push(line: string): void {
    const clean = redactSecrets(line.replace(/\r$/, '').slice(0, this.maxLineLength));
    if (!clean) return;
    this.lines.push(clean);
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }
}
