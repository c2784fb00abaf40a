// Public face of main/electron: the only module importing 'electron' (besides preload/).
export {
  startElectronApp,
  USER_DATA_ENV,
  KEY_FILE_ENV,
  type ElectronAppOptions,
  type ShellCore,
  type ShellCoreConfig,
} from './app';
export { safeStorageKeyProvider, safeStorageKeyWrapper } from './safe-storage-key';
