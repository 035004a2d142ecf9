// Compiled (not run) by scripts/ci-package.sh in a project with neither the DOM lib nor @types/node
// (lib ES2022, types []), strict, skipLibCheck false: the package's declarations may name no global
// that only those define (AbortSignal did: every `signal` option).
import { ReturnGan, type AbortSignalLike, type ReturnGanFitOptions } from 'gangrad';

const signal: AbortSignalLike = { aborted: false };
const options: ReturnGanFitOptions = { steps: 5, window: 16, signal };
export const fit = (prices: number[]): Promise<ReturnGan> => ReturnGan.fit(prices, options);
