/** One line for an SDK error: its type when it has one, and its (or its transport's) message. */
export function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; transportError?: { message?: string } } | null;
  const message = e?.message || e?.transportError?.message || String(error);
  return e?.name && e.name !== 'Error' ? `${e.name}: ${message}` : message;
}
