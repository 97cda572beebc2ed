// Starts `srm-lint server` for the deployment config files srm-lint reads; the server does the
// rest (diagnostics, quick fixes, fix-all on save when the user asks for it, hovers).
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration('srm-lint');
  const command = settings.get('path') || 'srm-lint';
  const options = {};
  if (settings.get('asOf')) options.asOf = settings.get('asOf');
  if (settings.get('config')) options.config = settings.get('config');
  const serverOptions = { command, args: ['server'] };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'file', language: 'pip-requirements' },
      { scheme: 'file', language: 'dotenv' },
      { scheme: 'file', pattern: '**/requirements*.txt' },
      { scheme: 'file', pattern: '**/.env*' },
      { scheme: 'file', pattern: '**/{Dockerfile,Containerfile}*' },
      { scheme: 'file', pattern: '**/app/etc/env.php' },
    ],
    initializationOptions: options,
    // Config changes reach the server as workspace/didChangeWatchedFiles.
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{srm-lint,.srm-lint}.toml'),
    },
  };
  client = new LanguageClient('srm-lint', 'srm-lint', serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
