// The ten phases of a GAN training step as the trainer's onPhase hook reports them (src/gan/trainer.ts),
// with what the lab says about each and where in the source each happens. A source link names a file
// and the op to find in it; `near` is a marker (the hook call of the phase) the op must be closest to.
// Line numbers are not written here: the dev server finds them when it starts (scripts/source-links.ts),
// so the links follow the code as it changes.

const TRAINER = 'src/gan/trainer.ts';

/** @type {{ id: string, title: string, text: string, code: { file: string, op: string, near?: string }[] }[]} */
export const PHASES = [
  {
    id: 'sample-z', title: '1. Sample z',
    text: 'A batch of Gaussian noise z ~ N(0, I) is drawn on the backend from a counter-based generator: its whole state is (seed, offset).',
    code: [{ file: TRAINER, op: 'this.latent.sample(this.batchSize)', near: 'private fakeBatch(' }, { file: 'src/gan/latent.ts', op: 'randomNormal(' }],
  },
  {
    id: 'generator-forward', title: '2. G forward',
    text: 'The generator maps z to fake samples G(z). In the discriminator step this runs under noGrad: no gradient will reach G.',
    code: [{ file: TRAINER, op: "this.fakeBatch(condition, 'sample-z')", near: "onPhase?.('generator-forward'" }, { file: 'src/nn/dense.ts', op: 'matmul(' }],
  },
  {
    id: 'discriminator-forward', title: '3. D on real and on fake',
    text: 'The discriminator scores a batch of real samples and the fake batch (each plus instance noise when that is on). Its outputs are logits: D(x) = sigmoid(logit).',
    code: [{ file: TRAINER, op: 'this.discriminator.forward(realInput)', near: "onPhase?.('discriminator-forward'" }],
  },
  {
    id: 'discriminator-loss', title: '4. D loss',
    text: 'Binary cross-entropy with logits, averaged over the batch: real labelled 1 (or 1 − smoothing), fake labelled 0; D\'s loss is the real mean plus the fake mean. Each term is computed stably as max(x,0) − x·z + log1p(exp(−|x|)), x the logit and z the label.',
    code: [{ file: TRAINER, op: 'sigmoidCrossEntropyWithLogits(logitsReal', near: "onPhase?.('discriminator-loss'" }, { file: 'src/tensor/ops/losses.ts', op: 'export function sigmoidCrossEntropyWithLogits' }],
  },
  {
    id: 'discriminator-backward', title: '5. Backward (D)',
    text: 'Reverse-mode autograd walks the recorded graph from the loss and leaves a gradient on each of D\'s parameters.',
    code: [{ file: TRAINER, op: 'backward(loss)', near: "onPhase?.('discriminator-backward'" }, { file: 'src/tensor/autograd.ts', op: 'export function backward' }],
  },
  {
    id: 'discriminator-adam', title: '6. Adam on D',
    text: 'Adam moves each of D\'s parameters against its gradient, scaled by running moment estimates (one fused kernel per parameter).',
    code: [{ file: TRAINER, op: 'this.discriminatorOptimizer.step()', near: "onPhase?.('discriminator-adam'" }, { file: 'src/optim/adam.ts', op: 'kernels.adam(' }],
  },
  {
    id: 'fresh-z', title: '7. Fresh z',
    text: 'The generator step draws new noise from the same stream (the offset moves on), so G is not trained on the batch D just saw.',
    code: [{ file: TRAINER, op: "this.fakeBatch(condition, 'fresh-z')" }, { file: TRAINER, op: 'this.latent.sample(this.batchSize)' }],
  },
  {
    id: 'generator-loss', title: '8. G loss through frozen D',
    text: 'D is frozen (its parameters stop asking for gradients); G\'s samples are scored by D and labelled 1: the non-saturating loss −log D(G(z)).',
    code: [{ file: TRAINER, op: 'sigmoidCrossEntropyWithLogits(logitsFake, labels.generator)', near: "onPhase?.('generator-loss'" }, { file: TRAINER, op: 'setTrainable(this.discriminator, false)' }],
  },
  {
    id: 'generator-backward', title: '9. Backward (G)',
    text: 'The gradient flows back through D (whose weights get none) into G\'s parameters.',
    code: [{ file: TRAINER, op: 'backward(loss)', near: "onPhase?.('generator-backward'" }],
  },
  {
    id: 'generator-adam', title: '10. Adam on G',
    text: 'Adam updates G. One training step is done; the next starts again at phase 1.',
    code: [{ file: TRAINER, op: 'this.generatorOptimizer.step()', near: "onPhase?.('generator-adam'" }, { file: 'src/optim/adam.ts', op: 'kernels.adam(' }],
  },
];
