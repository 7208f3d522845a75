import { stat } from 'node:fs/promises';
import { extname, isAbsolute, normalize } from 'node:path';
import { AppError } from '../../../src-shared/contract/result.ts';

const EXTENSIONS = ['.js', '.mjs', '.cjs'];

/** A wrong module path, on the `path` field; `key` lets the renderer say it in the operator's language. */
const invalid = (message: string, key: string, params: Record<string, string>) => new AppError('validation', message, [{ path: 'path', message, key, params }]);

/**
 * Checks what can be checked without running the operator's code: an absolute path to a JS file that
 * exists. Loading it (and finding `allocate`) happens in the function host child, never in the console.
 */
export async function checkAllocationModuleFile(path: string): Promise<string> {
  if (!isAbsolute(path)) throw invalid(`Give an absolute path (such as /home/me/allocate.mjs), not "${path}"`, 'allocationModuleNotAbsolute', { path });
  if (!EXTENSIONS.includes(extname(path).toLowerCase())) throw invalid('The module must be a .js, .mjs or .cjs file', 'allocationModuleExtension', { path });
  const file = normalize(path);
  const info = await stat(file).catch(() => undefined);
  if (!info) throw invalid(`No file at ${file}`, 'allocationModuleMissing', { file });
  if (!info.isFile()) throw invalid(`${file} is not a file`, 'allocationModuleNotFile', { file });
  return file;
}

/** The host's load error in the operator's words: which module, and why it cannot be used. */
export function moduleLoadError(file: string, reason: string): AppError {
  const message = reason.includes(file) ? `The module cannot be used: ${reason}` : `The module ${file} cannot be used: ${reason}`;
  return invalid(message, 'allocationModuleUnusable', { file, reason });
}
