/** GCN predictor: model, tensor preparation, batched inference, persistence, training. */
export * from './model';
export * from './prepare';
export * from './predictor';
export * from './train';
export * from './pipeline';
export * from './worker-client';
export * from './ablation';
export { dense, constMatMul } from './ops';
export * from './ensemble';
