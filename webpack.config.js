const fs = require('node:fs');
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const { GUIDE, guideImages, guidePage } = require('./scripts/guide-page');

/**
 * The add-in's web part: task pane, ribbon commands and their dialog, icons, and a manifest whose
 * URLs point where the files are served.
 *
 *   --env officejs=microsoft   office.js from Microsoft's CDN (default; required for AppSource)
 *   --env officejs=self        a copy of office.js from @microsoft/office-js, served with the add-in
 *                              (intranets, offices that block outside CDNs)
 *   --env officejs=https://…   any other office.js address, e.g. the one an Office 365 tenant
 *                              operated by 21Vianet is told to use
 *   --env base=https://host/path/   where the add-in is served (default https://localhost:3000/)
 *   --env prod                      the production build (npm run build:prod): needs a base, and
 *                                   fails if any URL of the manifest or the pages is http or
 *                                   points to this machine (scripts/check-deploy.js)
 */
const MICROSOFT_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const SELF_HOSTED_DIR = 'office-js';
const DEV_BASE = 'https://localhost:3000/';

/**
 * The pages' Content-Security-Policy: the add-in's own origin and office.js's, nothing else; no
 * inline script or style and no eval. Office.js loads its further scripts from its own origin.
 */
function contentSecurityPolicy(officeJs) {
  const office = /^https:\/\//.test(officeJs) ? ` ${new URL(officeJs).origin}` : '';
  return [
    "default-src 'self'",
    `script-src 'self'${office}`,
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${office}`,
    `frame-src 'self'${office}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

function officeJsUrl(option) {
  if (!option || option === 'microsoft') return MICROSOFT_CDN;
  if (option === 'self') return `${SELF_HOSTED_DIR}/office.js`;
  if (/^https:\/\//.test(option)) return option;
  throw new Error(`--env officejs must be microsoft, self or an https:// address, not "${option}"`);
}

/** Office.js files Excel needs: no debug builds, no other Office applications. */
function isExcelOfficeJsFile(relative) {
  const base = path.basename(relative);
  if (base.endsWith('.debug.js')) return false;
  return !/^(access|onenote|outlook|powerpoint|project|visio|word)-/i.test(base);
}

function listFiles(dir, prefix = '') {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), path.join(prefix, e.name)) : [path.join(prefix, e.name)]));
}

/**
 * Emits files that are not modules: icons, the boot script, the manifest with its URLs, a
 * self-hosted office.js.
 */
class StaticFilesPlugin {
  constructor(options) {
    this.options = options;
  }

  apply(compiler) {
    const { RawSource } = compiler.webpack.sources;
    compiler.hooks.thisCompilation.tap('StaticFilesPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'StaticFilesPlugin', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        const emit = (name, content, info) => compilation.emitAsset(name.split(path.sep).join('/'), new RawSource(content), info);
        const assets = path.resolve(__dirname, 'assets');
        for (const f of fs.readdirSync(assets)) emit(path.join('assets', f), fs.readFileSync(path.join(assets, f)));
        emit('help.css', fs.readFileSync(path.resolve(__dirname, 'src/help/help.css')));
        // Each page's first script, served as written (ES5): not a module, never bundled, and marked
        // minimized so that Terser leaves it alone (test/excel/boot.test.ts compares the bytes).
        emit('boot.js', fs.readFileSync(path.resolve(__dirname, 'src/boot/boot.js')), { minimized: true });
        // The user guide (使用说明), linked from help.html, with its pictures.
        const guide = fs.readFileSync(GUIDE, 'utf8');
        emit('guide.html', guidePage(this.options.csp, guide));
        for (const image of guideImages(guide)) {
          const file = path.resolve(__dirname, 'docs', image);
          // A picture not taken yet (the pane tests take them from this build) is left out; the guide's test names it.
          if (fs.existsSync(file)) emit(image, fs.readFileSync(file));
          else compilation.warnings.push(new compiler.webpack.WebpackError(`使用说明.md shows ${image}, which is not in docs/`));
        }
        const manifest = fs.readFileSync(path.resolve(__dirname, 'manifest.xml'), 'utf8');
        const base = this.options.base;
        emit(
          'manifest.xml',
          manifest
            // AppDomain holds an origin, never a path.
            .split(`<AppDomain>${new URL(DEV_BASE).origin}</AppDomain>`)
            .join(`<AppDomain>${new URL(base).origin}</AppDomain>`)
            .split(DEV_BASE.replace(/\/$/, ''))
            .join(base.replace(/\/$/, '')),
        );
      });
    });
    // office.js is copied as Microsoft built it, after the build: 700 files through webpack's
    // asset pipeline cost a minute, a plain copy well under a second.
    if (this.options.selfHosted) {
      compiler.hooks.afterEmit.tap('StaticFilesPlugin', () => {
        const dist = path.dirname(require.resolve('@microsoft/office-js/dist/office.js'));
        for (const f of listFiles(dist).filter(isExcelOfficeJsFile)) {
          const target = path.join(compiler.outputPath, SELF_HOSTED_DIR, f);
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.copyFileSync(path.join(dist, f), target);
        }
      });
    }
  }
}

/**
 * The production build's last step: the manifest and the pages as emitted, checked for URLs that
 * are http or point to this machine; any makes the build fail with the list.
 */
class DeployCheckPlugin {
  apply(compiler) {
    const { urlProblems, CHECKED } = require('./scripts/check-deploy');
    compiler.hooks.thisCompilation.tap('DeployCheckPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'DeployCheckPlugin', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT }, (assets) => {
        const problems = Object.keys(assets)
          .filter((name) => CHECKED.test(name))
          .flatMap((name) => urlProblems(name, assets[name].source().toString()));
        if (problems.length) compilation.errors.push(new compiler.webpack.WebpackError(`Not deployable:\n  ${problems.join('\n  ')}`));
      });
    });
  }
}

/**
 * Certificates for https://localhost from office-addin-dev-certs. Installing its CA needs admin
 * rights (sudo on Linux); without them the certificates it made are used as they are, and the
 * browser must be told once to trust https://localhost:3000.
 */
async function httpsOptions() {
  const devCerts = require('office-addin-dev-certs');
  try {
    return await devCerts.getHttpsServerOptions();
  } catch (error) {
    const dir = path.join(require('node:os').homedir(), '.office-addin-dev-certs');
    if (!fs.existsSync(path.join(dir, 'localhost.key'))) throw error;
    console.warn(`The development CA could not be installed (${String(error.message).split('\n')[0]}); serving with the certificates in ${dir}.`);
    return {
      ca: fs.readFileSync(path.join(dir, 'ca.crt')),
      cert: fs.readFileSync(path.join(dir, 'localhost.crt')),
      key: fs.readFileSync(path.join(dir, 'localhost.key')),
    };
  }
}

module.exports = async (env = {}, argv = {}) => {
  const mode = argv.mode || 'production';
  const officeJs = officeJsUrl(env.officejs);
  const base = env.base || DEV_BASE;
  if (!/^https:\/\/.+\/$/.test(base)) throw new Error(`--env base must be an https:// address ending in /, not "${base}"`);
  if (env.prod && !env.base)
    throw new Error('The production build needs the address it will be served from: npm run build:prod -- --env base=https://host/path/');
  // The policy is the first element of each page's head, so it covers everything the page loads.
  const csp = contentSecurityPolicy(officeJs);
  const page = (name, template, chunks) => new HtmlWebpackPlugin({ filename: name, template, chunks, templateParameters: { officeJs, csp } });
  const config = {
    mode,
    devtool: mode === 'development' ? 'source-map' : false,
    entry: {
      taskpane: './src/taskpane/taskpane.ts',
      commands: './src/commands/commands.ts',
      dialog: './src/dialog/dialog.ts',
      // The Excel double as a stand-in for office.js, for the pane's end-to-end tests only.
      ...(env.testdouble ? { 'excel-double': './src/excel-double/browser-office.ts' } : {}),
    },
    output: { path: path.resolve(__dirname, 'dist', 'web'), filename: '[name].js', clean: true },
    resolve: { extensions: ['.ts', '.js', '.json'] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          loader: 'ts-loader',
          exclude: /node_modules/,
          options: { configFile: 'tsconfig.json', onlyCompileBundledFiles: true, compilerOptions: { module: 'es2020' } },
        },
      ],
    },
    plugins: [
      page('taskpane.html', './src/taskpane/taskpane.html', ['taskpane']),
      page('commands.html', './src/commands/commands.html', ['commands']),
      page('dialog.html', './src/dialog/dialog.html', ['dialog']),
      // The manifest's SupportUrl and LearnMoreUrl.
      page('help.html', './src/help/help.html', []),
      new StaticFilesPlugin({ base, csp, selfHosted: env.officejs === 'self' }),
      ...(env.prod ? [new DeployCheckPlugin()] : []),
    ],
    performance: { hints: false },
  };
  if (argv.env?.WEBPACK_SERVE || env.WEBPACK_SERVE) {
    // Office requires https even on localhost; office-addin-dev-certs makes and trusts a local CA.
    config.devServer = {
      port: 3000,
      server: { type: 'https', options: await httpsOptions() },
      headers: { 'Access-Control-Allow-Origin': '*' },
      static: false,
    };
  }
  return config;
};
