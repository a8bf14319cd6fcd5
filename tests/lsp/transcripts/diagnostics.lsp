{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}

// a type error and an unbound name (with a suggestion)
{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "${DIR}/errors.conf", "languageId": "cairn", "version": 1, "text": {"file": "errors.conf"}}}}

// no front-end error: the background evaluation finds the contract error (mode = 644)
{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "${DIR}/contract.conf", "languageId": "cairn", "version": 1, "text": {"file": "contract.conf"}}}}

// an incremental change fixes it: `644` -> `"0644"`, diagnostics are cleared
{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "${DIR}/contract.conf", "version": 2}, "contentChanges": [{"range": {"start": {"line": 2, "character": 79}, "end": {"line": 2, "character": 82}}, "text": "\"0644\""}]}}

// a syntax error
{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "${DIR}/contract.conf", "version": 3}, "contentChanges": [{"text": "{ a = , b = 1 }"}]}}

// formatting a file with a syntax error answers null; after a fix, one edit
{"jsonrpc": "2.0", "id": 2, "method": "textDocument/formatting", "params": {"textDocument": {"uri": "${DIR}/contract.conf"}, "options": {"tabSize": 2, "insertSpaces": true}}}

{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "${DIR}/contract.conf", "version": 4}, "contentChanges": [{"text": "{a=1,\n  b   = [1,2]}"}]}}

{"jsonrpc": "2.0", "id": 3, "method": "textDocument/formatting", "params": {"textDocument": {"uri": "${DIR}/contract.conf"}, "options": {"tabSize": 2, "insertSpaces": true}}}

{"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": "${DIR}/contract.conf"}}}

{"jsonrpc": "2.0", "id": 4, "method": "shutdown"}

{"jsonrpc": "2.0", "method": "exit"}
