/**
 * Opens a bundled page (a folder holding index.html) in headless Chromium and prints the report it
 * POSTs to /result; exits 1 unless the report says ok. Used by scripts/ci-package.sh for the esbuild and
 * Vite builds of .ci/package-check/browser.
 *
 *   tsx scripts/package-check-browser.ts DIR LABEL
 */
import { findChromium, withChromium } from '../test/helpers/browser.js';
import { startStaticServer } from './static-server.js';

const [dir, label = dir] = process.argv.slice(2);
if (!dir) {
  console.error('usage: tsx scripts/package-check-browser.ts DIR [LABEL]');
  process.exit(2);
}
const chromium = findChromium();
if (!chromium) {
  console.error('no Chromium found (set CHROMIUM or install chromium)');
  process.exit(1);
}
let deliver: (report: unknown) => void = () => {};
const reported = new Promise<unknown>((resolve) => { deliver = resolve; });
const server = await startStaticServer({
  folders: { '/': dir }, pages: { '/': `${dir}/index.html` }, isolated: () => false, onResult: (r) => deliver(r),
});
try {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no report within 120 s')), 120_000).unref());
  const report = await withChromium(chromium, `${server.url}/`, Promise.race([reported, timeout])) as { ok?: boolean };
  console.log(`${label} in headless Chromium: ${JSON.stringify(report)}`);
  process.exitCode = report.ok === true ? 0 : 1;
} finally {
  server.close();
}
