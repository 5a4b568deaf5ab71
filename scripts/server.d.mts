import type { IncomingMessage, Server, ServerResponse } from 'node:http'

export interface Served {
  url: string
  server: Server
  close(): Promise<void>
}

/** A hook that may answer a request itself (fault injection, CSP headers); return true if it did. */
export type Handler = (request: IncomingMessage, response: ServerResponse) => boolean | Promise<boolean>

export declare const serve: (mounts: Record<string, string | string[]>, handler?: Handler, port?: number) => Promise<Served>
export declare const DEFAULT_PORT: number
export declare const EXAMPLES_COLLECTOR: string
export declare const serveExamples: (options?: {
  root?: string
  handler?: Handler
  port?: number
  mounts?: Record<string, string | string[]>
}) => Promise<Served>
