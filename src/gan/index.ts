export { GanTrainer, TrainingDivergedError, type DivergenceBounds, type GanTrainerOptions, type StepMetrics } from './trainer.js';
export { LatentSampler } from './latent.js';
export { rowSampler, type RealSampler } from './real-data.js';
