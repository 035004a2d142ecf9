export { GanTrainer, TrainingDivergedError, TRAINING_PHASES, type DivergenceBounds, type GanTrainerOptions, type StepMetrics, type TrainingPhase, type PhaseHook } from './trainer.js';
export { LatentSampler } from './latent.js';
export { rowSampler, type RealSampler } from './real-data.js';
export { moduleArrays, optimizerArrays, loadModuleArrays, loadOptimizerArrays, type HostArray } from './checkpoint.js';
export type { GanSettings } from './settings.js';
