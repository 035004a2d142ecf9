export { GanTrainer, TrainingDivergedError, TRAINING_PHASES, type DivergenceBounds, type GanTrainerOptions, type GenerateOptions, type InstanceNoiseOptions, type InstanceNoiseState, type OptimizerSteps, type StepMetrics, type TrainingPhase, type PhaseHook } from './trainer.js';
export { LatentSampler } from './latent.js';
export { rowSampler, type RealSampler } from './real-data.js';
export { moduleArrays, optimizerArrays, loadModuleArrays, loadOptimizerArrays, restoreTrainer, trainerCounters, type HostArray, type TrainerCounters } from './checkpoint.js';
export type { GanSettings } from './settings.js';
export { diagnoseTraining, DISCRIMINATOR_WON_BELOW, EARLY_BEST_SHARE, type ConvergenceDiagnosis, type TrainingRead } from './convergence.js';
export type { AbortSignalLike } from './abort-signal.js';
export { eventLoopTurn, eventLoopTurns, runTraining, YIELD_EVERY_MS, type BestScore, type RunEvaluation, type RunProgress, type RunState, type RunSummary, type TrainingRunOptions } from './run.js';
export { readTrainingLog, TrainingLog, TRAINING_LOG_COLUMNS, type TrainingLogRow } from './training-log.js';
