import { readFileSync } from 'node:fs';

// `npm run build` bundles src/report/client/ (and the word diff it shares with compare/) into
// dist/report-client.js. Both src/report/html/ and dist/report/html/ sit two levels below the
// package root, so one relative path serves the tests (src) and the installed tool (dist).
const BUNDLE = new URL('../../../dist/report-client.js', import.meta.url);

let cached: string | undefined;

/** The report's script, ready to inline: `</script` cannot occur in it, so it cannot end its element early. */
export function clientBundle(): string {
  cached ??= readFileSync(BUNDLE, 'utf8').replaceAll('</script', '<\\/script');
  return cached;
}
