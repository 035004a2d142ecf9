/**
 * The classifiers that score generated data, trained with gangrad: logistic regression (a single dense
 * layer) and a small MLP (64-64, leaky ReLU), both fitted by Adam on the binary cross-entropy with
 * minibatches. Used by both applications: finance's discriminative score (real vs generated windows)
 * and tabular's utility and detection scores. Fixed step counts and decoupled weight decay keep them
 * from memorising a few hundred rows.
 */
import { disposeModule, mlp } from '../nn/index.js';
import { Adam } from '../optim/index.js';
import { backward, mean, noGrad, Rng, sigmoid, sigmoidCrossEntropyWithLogits, tensor, tidy } from '../tensor/index.js';

/** The classifiers {@link trainClassifier} trains: logistic regression, or the 64-64 MLP. */
export type ClassifierKind = 'logistic' | 'mlp';

/** Options for {@link trainClassifier}; defaults depend on the {@link ClassifierKind}. */
export interface ClassifierOptions {
  /** Seed of the initial weights (and, by default, of the minibatches); default 1. */
  seed?: number;
  /** Minibatch steps; default 400 (logistic) or 600 (MLP). */
  steps?: number;
  /** Rows per minibatch, drawn with replacement; default min(128, rows). */
  batch?: number;
  /** Decoupled weight decay (AdamW; lr · decay shrinks every weight each step); default 1e-3 (logistic) or 1e-2 (MLP). */
  weightDecay?: number;
  /** Adam's learning rate; default 0.01 (logistic) or 1e-3 (MLP). */
  lr?: number;
  /** Seed of the minibatch draws; default seed · 31 + 7. */
  batchSeed?: number;
  /**
   * Class weights: each minibatch row is of either class with probability ½ (then a random row of it),
   * the same expected loss as weighting each class by rows / (2 · class rows); default false.
   */
  classWeights?: boolean;
}

/** A fitted classifier: positive-class probabilities for rows of the same width. */
export interface Classifier {
  predict(x: Float32Array, rows: number): Promise<Float64Array>;
  dispose(): void;
}

/** A trained network classifier, which also gives its logits. */
export interface NetworkClassifier extends Classifier {
  /** The logits log(p / (1 − p)): a decision at 0 is exact where a probability rounds to ½. */
  logits(x: Float32Array, rows: number): Promise<Float64Array>;
}

/** Train logistic regression or the MLP on rows `x` ([rows, width]) with 0/1 labels `y`. */
export function trainClassifier(kind: ClassifierKind, x: Float32Array, y: Float32Array, width: number, options: ClassifierOptions = {}): NetworkClassifier {
  const rows = y.length;
  if (x.length !== rows * width) throw new Error(`gangrad: classifier got ${x.length} features for ${rows} rows of ${width}`);
  if (rows === 0) throw new Error('gangrad: a classifier needs training rows');
  const seed = options.seed ?? 1;
  const net = mlp(kind === 'logistic' ? [width, 1] : [width, 64, 64, 1], { activation: 'leakyRelu', alpha: 0.2, seed });
  const optimizer = new Adam(net.parameters(), { lr: options.lr ?? (kind === 'logistic' ? 0.01 : 1e-3), weightDecay: options.weightDecay ?? (kind === 'logistic' ? 1e-3 : 1e-2) });
  const rng = new Rng(options.batchSeed ?? seed * 31 + 7);
  // A batch given is used as given (rows drawn with replacement); the default shrinks to small tables.
  const batch = options.batch ?? Math.min(128, rows);
  const xb = new Float32Array(batch * width), yb = new Float32Array(batch);
  const steps = options.steps ?? (kind === 'logistic' ? 400 : 600);
  const byClass = [0, 1].map((c) => Array.from({ length: rows }, (_, r) => r).filter((r) => y[r] === c));
  const balanced = options.classWeights === true && byClass.every((list) => list.length > 0);
  for (let step = 0; step < steps; step++) {
    for (let i = 0; i < batch; i++) {
      const list = balanced ? byClass[rng.int(2)] : null;
      const r = list ? list[rng.int(list.length)] : rng.int(rows);
      xb.set(x.subarray(r * width, (r + 1) * width), i * width);
      yb[i] = y[r];
    }
    tidy(() => {
      backward(mean(sigmoidCrossEntropyWithLogits(net.forward(tensor(xb, [batch, width])), tensor(yb, [batch, 1]))));
      optimizer.step();
    });
  }
  optimizer.dispose();
  const read = async (features: Float32Array, n: number, probabilities: boolean) => {
    const p = noGrad(() => tidy(() => {
      const logits = net.forward(tensor(features, [n, width]));
      return probabilities ? sigmoid(logits) : logits;
    }));
    const values = Float64Array.from(await p.data());
    p.dispose();
    return values;
  };
  return {
    predict: (features, n) => read(features, n, true),
    logits: (features, n) => read(features, n, false),
    dispose: () => disposeModule(net),
  };
}
