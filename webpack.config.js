/* eslint-disable @typescript-eslint/no-var-requires */
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');

/** The add-in's web part: task pane and ribbon commands, served over https in development. */
module.exports = (_env, argv) => ({
  mode: argv.mode || 'production',
  devtool: argv.mode === 'development' ? 'source-map' : false,
  entry: {
    taskpane: './src/taskpane/taskpane.ts',
    commands: './src/commands/commands.ts',
  },
  output: {
    path: path.resolve(__dirname, 'dist', 'web'),
    filename: '[name].js',
    clean: true,
  },
  resolve: { extensions: ['.ts', '.js', '.json'] },
  module: {
    rules: [
      { test: /\.ts$/, loader: 'ts-loader', exclude: /node_modules/, options: { configFile: 'tsconfig.json', onlyCompileBundledFiles: true } },
      { test: /\.png$/, type: 'asset/resource', generator: { filename: 'assets/[name][ext]' } },
    ],
  },
  plugins: [
    new HtmlWebpackPlugin({ filename: 'taskpane.html', template: './src/taskpane/taskpane.html', chunks: ['taskpane'] }),
    new HtmlWebpackPlugin({ filename: 'commands.html', template: './src/commands/commands.html', chunks: ['commands'] }),
  ],
  performance: { hints: false },
});
