export { GanTrainer, TrainingDivergedError, type GanTrainerOptions, type StepMetrics } from './trainer.js';
export { LatentSampler } from './latent.js';
export { rowSampler, type RealSampler } from './real-data.js';
export { moduleArrays, optimizerArrays, loadModuleArrays, loadOptimizerArrays, type HostArray } from './checkpoint.js';
