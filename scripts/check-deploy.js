/**
 * Whether a built add-in can be deployed: every URL in its manifest and its pages must be https
 * and must not point to this machine (localhost, 127.x, [::1], 0.0.0.0). Microsoft: "All URLs to
 * code or content files in the add-in should be SSL-secured (HTTPS)" (Office Add-ins manifest,
 * Hosting requirements), and a manifest pointing to localhost works only on the developer's PC.
 *
 * XML namespace names (xmlns="http://schemas.microsoft.com/…") are names, not addresses: they are
 * not checked. The production build (webpack --env prod) runs this on what it emits and fails on a
 * problem; `node scripts/check-deploy.js dist/web` checks a folder after the fact.
 */
const fs = require('node:fs');
const path = require('node:path');

/** Files the check reads: the manifest and the pages Office loads (not the scripts, whose strings are no addresses). */
const CHECKED = /^(manifest\.xml|[^/\\]+\.html)$/;

const LOCAL_HOST = /^(localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[::1?\])(:\d+)?$/i;

/** The problems of one file's text, each as "file: URL (why)". */
function urlProblems(file, text) {
  const names = text.replace(/\bxmlns(?::[\w-]+)?="[^"]*"/g, '');
  const problems = [];
  for (const m of names.matchAll(/\b(https?):\/\/([^\s"'<>)\\;,]+)/gi)) {
    const url = m[0];
    const host = m[2].split(/[/?#]/)[0];
    if (m[1].toLowerCase() !== 'https') problems.push(`${file}: ${url} (not https)`);
    else if (LOCAL_HOST.test(host)) problems.push(`${file}: ${url} (this machine)`);
  }
  // A protocol-relative or bare reference to this machine is as undeployable.
  for (const m of names.matchAll(/(?<![\w/:])\/\/(localhost|127(?:\.\d{1,3}){3})\b[^\s"'<>]*/gi)) problems.push(`${file}: ${m[0]} (this machine)`);
  return problems;
}

/** The problems of every checked file in a folder (its top level: where the build puts them). */
function folderProblems(dir) {
  return fs
    .readdirSync(dir)
    .filter((f) => CHECKED.test(f))
    .flatMap((f) => urlProblems(f, fs.readFileSync(path.join(dir, f), 'utf8')));
}

module.exports = { urlProblems, folderProblems, CHECKED };

if (require.main === module) {
  const dir = process.argv[2] || 'dist/web';
  const problems = folderProblems(dir);
  if (problems.length) {
    console.error(`Not deployable (${dir}):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`${dir}: every URL of the manifest and pages is https and not this machine.`);
}
