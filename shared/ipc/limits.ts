// Upper bounds on what the renderer may send over IPC; main refuses anything larger before a handler
// runs. Kept free of zod so the renderer can import them (to warn early) without bundling the schemas.

export const IPC_LIMITS = {
  maxMessageBytes: 8 * 1024 * 1024,
  maxCsvBytes: 5 * 1024 * 1024,
  maxIdsPerRequest: 10_000,
  maxTextLength: 255,
  maxPasswordLength: 32,
  /** One key sequence or a short paste per sol:send. */
  maxSolSendBytes: 4096,
  /** An image path typed or picked for IDE-R (PATH_MAX on Linux; Windows long paths stay below). */
  maxImagePathLength: 4096,
} as const;
