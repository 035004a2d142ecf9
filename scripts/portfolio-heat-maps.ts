/**
 * The picture of docs/portfolio.md: the correlation heat maps of a `gangrad portfolio eval --json` file
 * in one SVG, returns on the top row and absolute returns below, the real test part first and then each
 * model (its mean over the draws), as the --html page shows them.
 *
 *   npx tsx scripts/portfolio-heat-maps.ts EVAL.json OUT.svg
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { heatMap } from '../src/finance/report/heat-map.js';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: npx tsx scripts/portfolio-heat-maps.ts EVAL.json OUT.svg');
  process.exit(2);
}
type Matrices = { correlation: number[][]; absCorrelation: number[][] };
const e = JSON.parse(readFileSync(input, 'utf8')) as { assets: string[]; real: Matrices; models: (Matrices & { name: string })[] };
const rows = (['correlation', 'absCorrelation'] as const).map((what) => {
  const label = what === 'correlation' ? 'corr(r)' : 'corr(|r|)';
  return [
    heatMap({ title: `real test part: ${label}`, names: e.assets, values: e.real[what].flat() }),
    ...e.models.map((m) => heatMap({ title: `${m.name}: ${label}`, names: e.assets, values: m[what].flat() })),
  ];
});
const size = (svg: string) => svg.match(/viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/)!.slice(1).map(Number);
const [w, h] = size(rows[0][0]);
const parts = rows.flatMap((row, r) => row.map((svg, c) => svg.replace('<svg ', `<svg x="${c * w}" y="${r * h}" `)));
writeFileSync(output, [
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${rows[0].length * w} ${2 * h}" width="${rows[0].length * w}" height="${2 * h}">`,
  '<rect width="100%" height="100%" fill="#fff"/>', ...parts, '</svg>', '',
].join('\n'));
