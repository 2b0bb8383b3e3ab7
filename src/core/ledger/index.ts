export * from './cell-date';
export * from './find';
export * from './grid';
export * from './headers';
