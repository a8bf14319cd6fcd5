// The deployment code lens: deploy_state.conf is applied first, then deploy.conf (an edit of
// it) is planned against that state in the background, as `cairn plan --refresh=false`.
// $ apply --auto-approve deploy_state.conf
{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": "${DIR}", "capabilities": {}}}

{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "${DIR}/deploy.conf", "languageId": "cairn", "version": 1, "text": {"file": "deploy.conf"}}}}

// a summary lens on `resources`, then update, no changes, replace (a new path), create
{"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeLens", "params": {"textDocument": {"uri": "${DIR}/deploy.conf"}}}

// hover on `motd`: its planned action and what state records
{"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": {"textDocument": {"uri": "${DIR}/deploy.conf"}, "position": {"line": 3, "character": 13}}}

// hover on `fresh`: not in state
{"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": {"textDocument": {"uri": "${DIR}/deploy.conf"}, "position": {"line": 8, "character": 14}}}

// the whole plan, with the delete of web.old
{"jsonrpc": "2.0", "id": 5, "method": "workspace/executeCommand", "params": {"command": "cairn.showPlan", "arguments": ["${DIR}/deploy.conf"]}}

// two lines inserted above: an unbound name stops evaluation, so the plan of version 1
// stays, and its lenses move with their resources
{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "${DIR}/deploy.conf", "version": 2}, "contentChanges": [{"range": {"start": {"line": 2, "character": 1}, "end": {"line": 2, "character": 1}}, "text": "\n  # moved\n  x = nope,"}]}}

{"jsonrpc": "2.0", "id": 6, "method": "textDocument/codeLens", "params": {"textDocument": {"uri": "${DIR}/deploy.conf"}}}

// bound: planned again, but `x` is not a field a spec may have: no plan
{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "${DIR}/deploy.conf", "version": 3}, "contentChanges": [{"range": {"start": {"line": 4, "character": 6}, "end": {"line": 4, "character": 10}}, "text": "1"}]}}

{"jsonrpc": "2.0", "id": 7, "method": "textDocument/codeLens", "params": {"textDocument": {"uri": "${DIR}/deploy.conf"}}}

// `locals.x`: planned again, the same plan on the moved lines
{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "${DIR}/deploy.conf", "version": 4}, "contentChanges": [{"range": {"start": {"line": 4, "character": 2}, "end": {"line": 4, "character": 3}}, "text": "locals.x"}]}}

{"jsonrpc": "2.0", "id": 12, "method": "textDocument/codeLens", "params": {"textDocument": {"uri": "${DIR}/deploy.conf"}}}

// an unknown command, and showPlan of a file that is no spec
{"jsonrpc": "2.0", "id": 8, "method": "workspace/executeCommand", "params": {"command": "cairn.nothing"}}

{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "${DIR}/plain.conf", "languageId": "cairn", "version": 1, "text": "{ a = 1 }"}}}

{"jsonrpc": "2.0", "id": 9, "method": "workspace/executeCommand", "params": {"command": "cairn.showPlan", "arguments": ["${DIR}/plain.conf"]}}

{"jsonrpc": "2.0", "id": 10, "method": "textDocument/codeLens", "params": {"textDocument": {"uri": "${DIR}/plain.conf"}}}

{"jsonrpc": "2.0", "id": 11, "method": "shutdown"}

{"jsonrpc": "2.0", "method": "exit"}
