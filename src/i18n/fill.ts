/** Put values into a UI string: `fill('{n} results', { n: 3 })`. Unknown placeholders stay as written. */
export function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? `{${key}}`));
}
