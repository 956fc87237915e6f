/**
 * Upstream fontkit 2 ships no type declarations. Only what the adapter touches is declared; the
 * font object itself is handed to pdf-lib, which describes it with its own `Fontkit` interface.
 */
declare module "fontkit" {
  export function create(buffer: Uint8Array, postscriptName?: string): unknown;
}
