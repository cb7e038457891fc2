/**
 * Where progress and warnings go. Layers below `cli/` never write to stdout themselves; they
 * are handed a logger.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/** A logger that keeps lines in memory (tests). */
export function memoryLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(`warning: ${m}`) };
}
