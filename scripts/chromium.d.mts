/** Types of scripts/chromium.mjs for the TypeScript tests. */
export declare const CHROMIUM_MISSING: string
export declare function chromiumPath(): string | null
export declare const CHROMIUM_ARGS: string[]
