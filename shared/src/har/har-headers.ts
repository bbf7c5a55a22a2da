import type { HeaderMap } from '../model/logs.ts';
import type { HarNameValue } from './har-types.ts';

/**
 * HAR header list → model header map: names lower-cased, repeats joined with `, ` (Set-Cookie with `\n`,
 * since cookie values may contain commas). HTTP/2 pseudo-headers (`:authority`, `:path`…) are dropped:
 * method and URL already carry them.
 */
export function headersFromHar(list: readonly { name: string; value: string }[] | undefined): HeaderMap {
  const map: HeaderMap = Object.create(null) as HeaderMap;
  for (const { name, value } of list ?? []) {
    const key = name.trim().toLowerCase();
    if (key === '' || key.startsWith(':')) continue;
    const previous = map[key];
    if (previous === undefined) map[key] = value;
    else map[key] = previous + (key === 'set-cookie' ? '\n' : ', ') + value;
  }
  return { ...map };
}

/** Model header map → HAR header list; Set-Cookie lines become separate entries again. */
export function headersToHar(headers: HeaderMap): HarNameValue[] {
  const list: HarNameValue[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'set-cookie') for (const line of value.split('\n')) list.push({ name, value: line });
    else list.push({ name, value });
  }
  return list;
}

/** Case-insensitive header lookup in a HAR list. */
export function harHeader(
  list: readonly { name: string; value: string }[] | undefined,
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  return list?.find((h) => h.name.toLowerCase() === wanted)?.value;
}
