{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}

{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "${DIR}/messy.conf", "languageId": "cairn", "version": 1, "text": {"file": "messy.conf"}}}}

// range formatting of line 3 only (`a   = 1`): one edit, the other lines left as they are
{"jsonrpc": "2.0", "id": 2, "method": "textDocument/rangeFormatting", "params": {"textDocument": {"uri": "${DIR}/messy.conf"}, "range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 5}}, "options": {"tabSize": 2, "insertSpaces": true}}}

// lines 4 to 7: the two other edits (line 6 is formatted already)
{"jsonrpc": "2.0", "id": 3, "method": "textDocument/rangeFormatting", "params": {"textDocument": {"uri": "${DIR}/messy.conf"}, "range": {"start": {"line": 3, "character": 0}, "end": {"line": 6, "character": 9}}, "options": {"tabSize": 2, "insertSpaces": true}}}

// lines 1 and 2 are formatted already: nothing
{"jsonrpc": "2.0", "id": 4, "method": "textDocument/rangeFormatting", "params": {"textDocument": {"uri": "${DIR}/messy.conf"}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 2, "character": 0}}, "options": {"tabSize": 2, "insertSpaces": true}}}

// semantic tokens of spec.conf: keywords, variables, properties, strings, comment
{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "${DIR}/spec.conf", "languageId": "cairn", "version": 1, "text": {"file": "spec.conf"}}}}

{"jsonrpc": "2.0", "id": 5, "method": "textDocument/semanticTokens/full", "params": {"textDocument": {"uri": "${DIR}/spec.conf"}}}

// workspace symbols: the open files and lib.conf, which messy.conf imports
{"jsonrpc": "2.0", "id": 6, "method": "workspace/symbol", "params": {"query": "gre"}}

{"jsonrpc": "2.0", "id": 7, "method": "workspace/symbol", "params": {"query": "HLP"}}

// half-typed: tokens and symbols still answer
{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "${DIR}/messy.conf", "version": 2}, "contentChanges": [{"text": "let x = \"abc in\n{ a = m%\"\nq\n"}]}}

{"jsonrpc": "2.0", "id": 8, "method": "textDocument/semanticTokens/full", "params": {"textDocument": {"uri": "${DIR}/messy.conf"}}}

{"jsonrpc": "2.0", "id": 9, "method": "workspace/symbol", "params": {"query": ""}}

{"jsonrpc": "2.0", "id": 10, "method": "textDocument/rangeFormatting", "params": {"textDocument": {"uri": "${DIR}/messy.conf"}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}}, "options": {"tabSize": 2, "insertSpaces": true}}}

{"jsonrpc": "2.0", "id": 11, "method": "shutdown"}

{"jsonrpc": "2.0", "method": "exit"}
