/**
 * The protocol boundary of every custom request: untyped parameters are checked first (./params),
 * and what a client is told on failure is one line, never a stack trace.
 */
import { ErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { ParamsError } from './params';
import { RequestError } from './requests';

/** One line of at most 300 characters: what a client is told. */
export function oneLine(text: string): string {
  const first = text.split(/\r?\n/)[0].trim();
  return first.length > 300 ? `${first.slice(0, 299)}…` : first;
}

export interface GuardLog {
  /** The output channel: one line per internal failure. */
  log(message: string): void;
  /** $/logTrace (shown at trace level only): where an internal error was thrown. */
  trace(message: string, verbose?: string): void;
}

/**
 * A custom request's handler behind the boundary: `check` validates the untyped parameters first.
 * ParamsError and RequestError -> InvalidParams (-32602) with their one-line message; anything else
 * -> InternalError with one line. Details of internal errors (the error's name and where it was
 * thrown) go to the trace only.
 */
export function guarded<P, R>(
  out: GuardLog, method: string, check: (raw: unknown) => P, fn: (p: P, token: CancellationToken) => Promise<R> | R,
): (raw: unknown, token: CancellationToken) => Promise<R> {
  return async (raw, token) => {
    let p: P;
    try {
      p = check(raw);
    } catch (e) {
      throw new ResponseError(ErrorCodes.InvalidParams, oneLine(e instanceof Error ? e.message : String(e)));
    }
    try {
      return await fn(p, token);
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      if (e instanceof RequestError || e instanceof ParamsError) throw new ResponseError(ErrorCodes.InvalidParams, oneLine(e.message));
      const message = oneLine(e instanceof Error ? e.message : String(e)) || 'unknown error';
      out.log(`[request] ${method} failed: ${message}`);
      if (e instanceof Error) {
        // The throwing frame, flattened to one line ("name: message @ fn (file:line:col)"); never the stack itself.
        const frame = /\n\s*at (.*)/.exec(e.stack ?? '')?.[1]?.trim();
        out.trace(`[request] ${method}: ${e.name}`, frame ? `${e.name}: ${message} @ ${frame}` : undefined);
      }
      throw new ResponseError(ErrorCodes.InternalError, `${method} failed: ${message}`);
    }
  };
}
