// The console renders on the device (the root layout's prerendered shell).
export const ssr = false;
