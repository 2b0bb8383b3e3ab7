/**
 * The bundles' side of the boot check (src/boot/boot.js, each page's first script, ES5): a bundle
 * starts only where the boot script found every feature it needs, and tells it that it started, so
 * that a bundle that failed to load or to run is caught too. Where the boot script is absent (the
 * tests' own pages), the bundle starts.
 */
interface Boot {
  supported: boolean;
  start(): void;
}

export function bootAllows(): boolean {
  const boot = (window as unknown as { __campaignLedgerBoot?: Boot }).__campaignLedgerBoot;
  if (boot && !boot.supported) return false;
  boot?.start();
  return true;
}
