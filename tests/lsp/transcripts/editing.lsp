{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}

{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "${DIR}/edits.conf", "languageId": "cairn", "version": 1, "text": {"file": "edits.conf"}}}}

// inside `| local.File = { }`: the contract's fields with their docs
{"jsonrpc": "2.0", "id": 2, "method": "textDocument/completion", "params": {"textDocument": {"uri": "${DIR}/edits.conf"}, "position": {"line": 3, "character": 34}}}

// after `std.string.`: the module's functions with their types
{"jsonrpc": "2.0", "id": 3, "method": "textDocument/completion", "params": {"textDocument": {"uri": "${DIR}/edits.conf"}, "position": {"line": 4, "character": 20}}}

// in a value: the names in scope
{"jsonrpc": "2.0", "id": 4, "method": "textDocument/completion", "params": {"textDocument": {"uri": "${DIR}/edits.conf"}, "position": {"line": 5, "character": 12}}}

// rename `base` (from its use in the interpolation)
{"jsonrpc": "2.0", "id": 5, "method": "textDocument/prepareRename", "params": {"textDocument": {"uri": "${DIR}/edits.conf"}, "position": {"line": 5, "character": 13}}}

{"jsonrpc": "2.0", "id": 6, "method": "textDocument/rename", "params": {"textDocument": {"uri": "${DIR}/edits.conf"}, "position": {"line": 5, "character": 13}, "newName": "root"}}

// a request cancelled before it ran, an unknown method, bad params, not JSON
{"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 8}}

{"jsonrpc": "2.0", "id": 8, "method": "textDocument/hover", "params": {"textDocument": {"uri": "${DIR}/edits.conf"}, "position": {"line": 1, "character": 5}}}

{"jsonrpc": "2.0", "id": 9, "method": "textDocument/frobnicate", "params": {}}

{"jsonrpc": "2.0", "id": 10, "method": "textDocument/hover", "params": {"textDocument": {"uri": "${DIR}/edits.conf"}}}

{"jsonrpc": "2.0", "id": 11, "method": "shutdown"}

{"jsonrpc": "2.0", "method": "exit"}
