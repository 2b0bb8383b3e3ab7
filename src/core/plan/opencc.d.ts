// opencc-js publishes its types for the package root only; the t2cn subpath (109 KB instead of
// 1.2 MB) has the same Converter API.
declare module 'opencc-js/t2cn' {
  export function Converter(options: { from: 't' | 'tw' | 'twp' | 'hk' | 'jp'; to: 'cn' }): (text: string) => string;
}
