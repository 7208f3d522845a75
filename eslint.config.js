// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'crypto', 'child_process', 'net', 'tls', 'http', 'https', 'stream', 'events', 'url', 'util', 'buffer', 'zlib'];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'assets/pi-agent/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Electron lives in the Electron shell only: services, sandbox, web shell and shared code run under plain Node.
  {
    files: ['src-main/**/*.ts', 'src-shared/**/*.ts', 'scripts/**/*', 'e2e/**/*.ts'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: "Only src-main/electron/ may import 'electron'; give services a port instead." }] }],
    },
  },
  // Only the IPC wiring registers handlers: one door into the main process.
  {
    files: ['src-main/electron/**/*.ts'],
    ignores: ['src-main/electron/ipc.ts', 'src-main/electron/preload.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='ipcMain']", message: 'Register IPC handlers only in src-main/electron/ipc.ts.' },
        { selector: "MemberExpression[object.name='ipcRenderer']", message: 'Only the preload touches ipcRenderer.' },
      ],
    },
  },
  // The renderer reaches the main process only through its api module, and never imports main or Node code.
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to the main process through src-renderer/api only.' }, ...nodeBuiltins.map((name) => ({ name, message: 'No Node modules in the renderer.' }))],
          patterns: [
            { group: ['**/src-main', '**/src-main/**'], message: 'The renderer must not import main-process code; use the contract in src-shared.' },
            { group: ['node:*'], message: 'No Node modules in the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    ignores: ['src-renderer/api/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='benchBridge']", message: 'Only src-renderer/api touches the bridge.' },
        { selector: "NewExpression[callee.name='WebSocket']", message: 'Only src-renderer/api opens the connection to the main process.' },
      ],
    },
  },
);
