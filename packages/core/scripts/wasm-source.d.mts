/** The flags scripts/wasm-source.mjs passes to AssemblyScript's compiler. */
export declare const ASC_FLAGS: readonly string[];
/** Compiles assembly/gemm.ts and returns the WebAssembly module's bytes. */
export declare function compileKernels(): Promise<Uint8Array>;
/** The TypeScript module (src/kernels/wasm-module.ts) that embeds `bytes` as base64. */
export declare function moduleSource(bytes: Uint8Array): string;
