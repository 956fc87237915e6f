/**
 * @echogarden/espeak-ng-emscripten ships no type declarations. The module's default export
 * initializes the WebAssembly build; synthesize-worker.ts declares the few methods it calls.
 */
declare module "@echogarden/espeak-ng-emscripten" {
  const initialize: () => Promise<unknown>;
  export default initialize;
}
