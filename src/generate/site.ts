/** The origin of the published site, for the URLs in generated files and in the CLI's output. */
export function siteOrigin(): string {
  return process.env.ERRDEX_SITE ?? 'https://errdex.dev';
}
