/** Labelled training data: loaders per space, operator sentences of the extra spaces, `--data` specs. */
export * from './loaders';
export * from './operators';
export * from './spec';
