/**
 * The joint GAN of several assets (issue #27), as a library: fit it on a days × assets return matrix,
 * sample paths, save and load its model file. See model/joint/ for the design.
 */
export { jointMinimumReturns, returnsSha256, trainJointGan, type JointFit, type JointTrainOptions, type JointTrainProgress } from './training/joint-train.js';
export { sampleJointPathChunks, sampleJointPaths } from './model/joint/sample.js';
export {
  decodeJointModel, encodeJointModel, loadJointCheckpoint, loadJointModel, saveJointModel, JOINT_FORMAT,
  type JointCheckpoint, type JointDataInfo, type JointDataInputs, type JointGanModel, type JointModelMetadata, type JointTrainingState,
} from './model/joint/model-file.js';
export { checkJointConfig, DEFAULT_JOINT_CONFIG, jointLayout, type JointGanConfig, type JointLayout } from './model/joint/config.js';
export { calibratedVectorProcess, fitVectorLevelProcess, simulateVectorLevels, spectralRadius, type VectorLevelCalibration, type VectorLevelProcessState } from './model/joint/vector-level-process.js';
export { calibrateVectorLevelProcess, type AssetCalibrationScore, type JointCalibrationResult, type JointCalibrationTarget } from './training/joint-level-calibration.js';
export { jointSelectionScore, marginW1, type JointSelectionScore } from './evaluation/joint-margins.js';
export { jointGenerator } from './model/joint/model-file.js';
export { JointGanForecaster } from './model/joint/forecaster.js';
export { jointConditionalPaths, jointMarketLevels, jointRequiredHistory, type JointConditionalOptions } from './model/joint/conditional.js';
export { portfolioForecaster, portfolioPathReturns, type JointForecaster } from './joint-forecaster.js';
