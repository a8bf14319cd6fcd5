-- Driven by nvim_test.py: Neovim 0.7 as the client of `cairn lsp`. Opens main.conf (which
-- has an unbound name), waits for the diagnostics, asks for hover, completion inside a
-- resource and a definition across an import, fixes the error, reads the code lenses and
-- the plan, renames, formats, and
-- writes every answer to result.json for the Python side to assert on.
local out = {}
local dir = os.getenv("WORKDIR")
local ok, err = pcall(function()
  local id = vim.lsp.start_client({
    name = "cairn",
    cmd = { os.getenv("CAIRN"), "lsp", "--debounce", "30" },
    root_dir = dir,
  })
  out.client = id ~= nil
  vim.cmd("edit " .. dir .. "/main.conf")
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, id)
  local function diags()
    return vim.tbl_map(function(d)
      return { lnum = d.lnum, col = d.col, message = d.message, code = d.code }
    end, vim.diagnostic.get(buf))
  end
  vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  out.diagnostics = diags()
  local td = { uri = vim.uri_from_bufnr(buf) }
  local function req(method, params)
    local r = vim.lsp.buf_request_sync(buf, method, params, 20000)
    if not r then return "timeout" end
    for _, v in pairs(r) do
      if v.err then return { error = v.err.message } end
      return v.result
    end
  end
  -- `port` in `content = "... %{std.to_string port}"` (line 6)
  out.hover = req("textDocument/hover", { textDocument = td, position = { line = 6, character = 59 } })
  -- inside `| local.File = { path = ..., }` after its first field (line 5 ends with `,`)
  out.completion = req("textDocument/completion", { textDocument = td, position = { line = 7, character = 4 } })
  -- `lib` in `lib.greeting` (line 9): the definition is in lib.conf
  out.definition = req("textDocument/definition", { textDocument = td, position = { line = 9, character = 27 } })
  -- the quick fix of the unbound `prot` (line 10) offered by the diagnostic's suggestion
  out.actions = req("textDocument/codeAction", { textDocument = td,
    range = { start = { line = 10, character = 18 }, ["end"] = { line = 10, character = 18 } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, 10) } })
  -- fix the unbound name on line 10
  vim.api.nvim_buf_set_lines(buf, 10, 11, false, { "  locals.total = port + 1," })
  vim.wait(20000, function() return #vim.diagnostic.get(buf) == 0 end, 20)
  out.fixed = diags()
  -- the deployment code lens (no state in the folder: the resource is to be created), as
  -- Neovim's own codelens module gets it, and the whole plan
  vim.wait(20000, function()
    vim.lsp.codelens.refresh()
    vim.wait(200)
    return #vim.lsp.codelens.get(buf) > 1
  end, 50)
  out.lenses = vim.tbl_map(function(l) return { line = l.range.start.line, title = l.command and l.command.title } end,
    vim.lsp.codelens.get(buf))
  out.plan = req("workspace/executeCommand", { command = "cairn.showPlan", arguments = { td.uri } })
  -- rename `port` from its binding (line 2)
  local edit = req("textDocument/rename", { textDocument = td, position = { line = 2, character = 5 }, newName = "listen_port" })
  out.rename = edit
  if type(edit) == "table" and edit.changes then vim.lsp.util.apply_workspace_edit(edit, "utf-16") end
  local edits = req("textDocument/formatting", { textDocument = td, options = { tabSize = 2, insertSpaces = true } })
  if type(edits) == "table" then vim.lsp.util.apply_text_edits(edits, buf, "utf-16") end
  out.text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
  vim.lsp.stop_client(id)
end)
out.ok = ok
out.err = err and tostring(err) or nil
local f = io.open(dir .. "/result.json", "w")
f:write(vim.fn.json_encode(out))
f:close()
vim.cmd("qa!")
