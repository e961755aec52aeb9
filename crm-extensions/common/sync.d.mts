// Types for sync.mjs, so the extensions' TypeScript tests can import it.
export declare const sharedDir: string;
export declare const sources: string[];
export declare const targets: { hubspot: string; dynamics: string };
export declare function header(file: string): string;
export declare function expectedFiles(): Map<string, string>;
export declare function staleFiles(dir: string): string[];
export declare function sync(): string[];
