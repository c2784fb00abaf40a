// Types of scripts/stand-in-electron.mjs for the TypeScript callers (the packaging tests).
export declare const ELECTRON_VERSION: string;
export declare const STAND_IN_PRODUCT_NAME: string;
export declare const FUSE_SENTINEL: string;
export declare const FUSE_WIRE_VERSION: number;
export declare const FUSE_ON: number;
export declare const FUSE_OFF: number;
export declare const ELECTRON_DEFAULT_FUSES: readonly number[];
export declare function writeStandInElectron(dir: string): void;
