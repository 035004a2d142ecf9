export { GanTrainer, TrainingDivergedError, TRAINING_PHASES, type DivergenceBounds, type GanTrainerOptions, type InstanceNoiseOptions, type InstanceNoiseState, type StepMetrics, type TrainingPhase, type PhaseHook } from './trainer.js';
export { LatentSampler } from './latent.js';
export { rowSampler, type RealSampler } from './real-data.js';
export { moduleArrays, optimizerArrays, loadModuleArrays, loadOptimizerArrays, type HostArray } from './checkpoint.js';
export type { GanSettings } from './settings.js';
export { diagnoseTraining, DISCRIMINATOR_WON_BELOW, EARLY_BEST_SHARE, type ConvergenceDiagnosis, type TrainingRead } from './convergence.js';
