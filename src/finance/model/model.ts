/**
 * The return-series GAN: its configuration, its networks, and its model files.
 *
 * A model directory holds `model.safetensors` (the best weights by validation score),
 * `checkpoint.safetensors` (the latest full training state, for --resume), `config.json` and
 * `training-log.csv`. Every safetensors file carries the configuration, the fitted transforms, the data
 * file's SHA-256 and the training step in its metadata, so one file is enough to sample from.
 */
export * from './config.js';
export * from './networks.js';
export * from './model-file.js';
export { createTrainer } from './create-trainer.js';
