/** An SDK query: DPS queries answer pages as `{responseBody}`, hub queries as `{result}`. */
export interface QueryLike {
  hasMoreResults: boolean;
  continuationToken: string;
  next(continuationToken?: string): Promise<{ result?: unknown; responseBody?: unknown }>;
}

/** Every page of an SDK query, in order. */
export async function allPages<T>(query: QueryLike): Promise<T[]> {
  const items: T[] = [];
  let first = true;
  while (first || query.hasMoreResults) {
    const page = await (first ? query.next() : query.next(query.continuationToken));
    first = false;
    const result = (page.result ?? page.responseBody) as { items?: T[] } | T[] | undefined;
    items.push(...(Array.isArray(result) ? result : (result?.items ?? [])));
  }
  return items;
}
