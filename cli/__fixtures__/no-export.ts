// Exports something that is not a model: loading must fail with IL007.
export const notAModel = 42;
