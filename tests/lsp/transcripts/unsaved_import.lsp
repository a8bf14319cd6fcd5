{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}

// an imported file that exists only as an open document, with a value its importer's
// contract refuses: the background evaluation reads the unsaved text (not the disk, where
// the file is missing) and finds the contract error
{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "${DIR}/unsaved_lib.conf", "languageId": "cairn", "version": 1, "text": "{ mode = 644 }\n"}}}

{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "${DIR}/unsaved_main.conf", "languageId": "cairn", "version": 1, "text": "let lib = import \"unsaved_lib.conf\" in\n{ mode | String = lib.mode }\n"}}}

// the import is fixed in the editor, not saved: the importer's evaluation is clean again
{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "${DIR}/unsaved_lib.conf", "version": 2}, "contentChanges": [{"text": "{ mode = \"0644\" }\n"}]}}

{"jsonrpc": "2.0", "id": 2, "method": "shutdown"}

{"jsonrpc": "2.0", "method": "exit"}
