{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": "${DIR}", "capabilities": {}}}

{"jsonrpc": "2.0", "method": "initialized", "params": {}}

{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "${DIR}/spec.conf", "languageId": "cairn", "version": 1, "text": {"file": "spec.conf"}}}}

// hover on `port` in the interpolation (line 6, after `std.to_string `)
{"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": "${DIR}/spec.conf"}, "position": {"line": 6, "character": 37}}}

// hover on the field `path` of the local.File resource: the contract's documentation
{"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": {"textDocument": {"uri": "${DIR}/spec.conf"}, "position": {"line": 5, "character": 5}}}

// hover on `uppercase`: std's type and doc
{"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": {"textDocument": {"uri": "${DIR}/spec.conf"}, "position": {"line": 8, "character": 32}}}

{"jsonrpc": "2.0", "id": 5, "method": "textDocument/definition", "params": {"textDocument": {"uri": "${DIR}/spec.conf"}, "position": {"line": 6, "character": 37}}}

{"jsonrpc": "2.0", "id": 6, "method": "textDocument/references", "params": {"textDocument": {"uri": "${DIR}/spec.conf"}, "position": {"line": 2, "character": 5}, "context": {"includeDeclaration": true}}}

{"jsonrpc": "2.0", "id": 7, "method": "textDocument/documentSymbol", "params": {"textDocument": {"uri": "${DIR}/spec.conf"}}}

{"jsonrpc": "2.0", "id": 8, "method": "textDocument/foldingRange", "params": {"textDocument": {"uri": "${DIR}/spec.conf"}}}

{"jsonrpc": "2.0", "id": 9, "method": "shutdown"}

{"jsonrpc": "2.0", "method": "exit"}
