import { readFileSync } from 'node:fs';

// `npm run build` bundles src/report/client/ (and the word diff it shares with compare/) into
// dist/report-client.js. Both src/report/html/ and dist/report/html/ sit two levels below the
// package root, so one relative path serves the tests (src) and the installed tool (dist).
const BUNDLE = new URL('../../../dist/report-client.js', import.meta.url);

let cached: string | undefined;

/** The report's script, ready to inline: `</script` cannot occur in it, so it cannot end its element early. */
export function clientBundle(): string {
  if (cached === undefined) {
    let text: string;
    try {
      text = readFileSync(BUNDLE, 'utf8');
    } catch (error) {
      throw new Error(`the report's script is missing (${BUNDLE.pathname}): run npm run build`, { cause: error });
    }
    cached = text.replaceAll('</script', '<\\/script');
  }
  return cached;
}
