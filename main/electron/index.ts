// Public face of main/electron: the only module importing 'electron' (besides preload/).
export { startElectronApp, type ElectronAppOptions, type ShellCore, type ShellCoreConfig } from './app';
export { safeStorageKeyProvider, safeStorageKeyWrapper } from './safe-storage-key';
