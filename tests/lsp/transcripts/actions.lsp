{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}

// a front-end error with a suggestion: the unbound `prot`
{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "${DIR}/actions.conf", "languageId": "cairn", "version": 1, "text": {"file": "actions.conf"}}}}

// the quick fix on line 3: `prot` -> `port`
{"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": "${DIR}/actions.conf"}, "range": {"start": {"line": 2, "character": 10}, "end": {"line": 2, "character": 10}}, "context": {"diagnostics": []}}}

// the whole file: the same fix
{"jsonrpc": "2.0", "id": 3, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": "${DIR}/actions.conf"}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 4, "character": 0}}, "context": {"diagnostics": []}}}

// a line without a diagnostic: nothing
{"jsonrpc": "2.0", "id": 4, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": "${DIR}/actions.conf"}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 3}}, "context": {"diagnostics": []}}}

// diagnostics the client sends count too (a malformed one is skipped)
{"jsonrpc": "2.0", "id": 5, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": "${DIR}/actions.conf"}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 3}}, "context": {"diagnostics": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 3}}, "message": "did you mean `tel`?"}, {"range": {"start": {"line": 0, "character": 0}}, "message": 3}]}}}

// an evaluation error: the contract has no field `contnet` (the name closest to the
// suggestion among those the message quotes, not `motd`, which the range holds too)
{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "${DIR}/actions_spec.conf", "languageId": "cairn", "version": 1, "text": {"file": "actions_spec.conf"}}}}

{"jsonrpc": "2.0", "id": 6, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": "${DIR}/actions_spec.conf"}, "range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 80}}, "context": {"diagnostics": []}}}

{"jsonrpc": "2.0", "id": 7, "method": "shutdown"}

{"jsonrpc": "2.0", "method": "exit"}
