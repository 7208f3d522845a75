/**
 * Marks a page's search box for Ctrl/Cmd+K. Spread on the input element, e.g.
 * <TextField slotProps={{ htmlInput: PAGE_SEARCH_PROPS }} />. One per page.
 */
export const PAGE_SEARCH_PROPS = { 'data-page-search': 'true' } as const;

/** Focuses the current page's search box; false when the page has none. */
export function focusPageSearch(): boolean {
  const input = document.querySelector<HTMLElement>('[data-page-search="true"]');
  if (!input) return false;
  input.focus();
  if (input instanceof HTMLInputElement) input.select();
  return true;
}
