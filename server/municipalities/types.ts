// The municipality's public shape is shared with the app: one schema, in src/lib/domain.
export * from '../../src/lib/domain/municipality.ts';
