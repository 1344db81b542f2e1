// The catalogue is shared with the device and the municipality configuration's schema: one list, in src/lib/domain.
export * from '../../src/lib/domain/catalogue.ts';
