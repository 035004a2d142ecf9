export { parsePriceCsv, loadPriceCsv, type PriceSeries, type PriceCsvOptions } from './csv.js';
