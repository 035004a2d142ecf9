/**
 * The training settings every GAN application shares (the finance and tabular configurations extend
 * this with their own data settings): network sizes, Adam's hyper-parameters, batch, steps, seed.
 */
export interface GanSettings {
  /** Size of the noise vector z fed to the generator. */
  latentDim: number;
  /** Hidden layer widths of both networks. */
  hidden: number[];
  /** Leaky ReLU slope. */
  alpha: number;
  /** Adam's learning rate, the same for both networks. */
  lr: number;
  /** Adam's decay rate of the first moment (the gradient's running mean), for both networks. */
  beta1: number;
  /** Adam's decay rate of the second moment (the squared gradient's running mean), for both networks. */
  beta2: number;
  /** Rows per training batch. */
  batch: number;
  /** Generator updates to train for. */
  steps: number;
  /** Seeds initialisation, batch sampling and noise. */
  seed: number;
  /** Discriminator updates per generator update. */
  discriminatorSteps: number;
}
