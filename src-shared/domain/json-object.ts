/** Text an operator typed as a JSON object: the object, null when the text is blank, 'bad' when it is not a JSON object. */
export function parseJsonObject(text: string): Record<string, unknown> | null | 'bad' {
  if (text.trim() === '') return null;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : 'bad';
  } catch {
    return 'bad';
  }
}
