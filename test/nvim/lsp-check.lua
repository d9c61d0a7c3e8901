-- Drives the bundled xbd language server from Neovim's own LSP client (Neovim 0.7, headless), the way a
-- user's config would: vim.lsp.start_client + buf_attach_client, diagnostics through vim.diagnostic,
-- a quick fix through textDocument/codeAction and vim.lsp.util.apply_workspace_edit.
--
-- Run by test/nvim/nvim.test.ts:  nvim --headless -u NONE -i NONE -n -c 'luafile test/nvim/lsp-check.lua'
-- Inputs (environment): XBD_NODE (node binary), XBD_SERVER (dist/server.js), XBD_FIXTURES (a folder with
-- Dockerfile, Makefile, build.sh), XBD_NVIM_OUT (where the JSON report goes), XBD_NVIM_TIMEOUT_MS.
-- Every wait is bounded (vim.wait); whatever happens, the report is written and Neovim quits, so the
-- node test never hangs on an error prompt.

local out_path = os.getenv('XBD_NVIM_OUT')
local report = { steps = {}, files = {}, fixes = {}, publishes = {}, logs = {} }

local function step(name)
  table.insert(report.steps, name)
end

local function write_report()
  local f = assert(io.open(out_path, 'w'))
  f:write(vim.fn.json_encode(report))
  f:close()
end

local function main()
  local node = os.getenv('XBD_NODE') or 'node'
  local server = assert(os.getenv('XBD_SERVER'), 'XBD_SERVER is not set')
  local fixtures = assert(os.getenv('XBD_FIXTURES'), 'XBD_FIXTURES is not set')
  local timeout = tonumber(os.getenv('XBD_NVIM_TIMEOUT_MS') or '15000')

  local v = vim.version()
  report.nvim = string.format('%d.%d.%d', v.major, v.minor, v.patch)

  -- Neovim's own filetype detection decides the languageId it sends (dockerfile, make, sh).
  vim.cmd('filetype on')

  -- Every publish, in arrival order, before Neovim's default handler turns it into vim.diagnostic items.
  local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  local function on_publish(err, result, ctx, config)
    local codes = {}
    for _, d in ipairs(result.diagnostics) do
      table.insert(codes, d.code)
    end
    table.insert(report.publishes, { uri = result.uri, version = result.version, codes = codes })
    return default_publish(err, result, ctx, config)
  end
  local function on_log(_, result)
    table.insert(report.logs, result.message)
  end

  step('start_client')
  local client_id = vim.lsp.start_client({
    name = 'xbd',
    cmd = { node, server, '--stdio' },
    root_dir = fixtures,
    init_options = { debounceMs = 0, goPath = false },
    handlers = {
      ['textDocument/publishDiagnostics'] = on_publish,
      ['window/logMessage'] = on_log,
    },
    on_exit = function(code, signal)
      report.server_exit = { code = code, signal = signal }
    end,
  })
  assert(client_id, 'vim.lsp.start_client returned nil')
  report.client_id = client_id

  local function publishes_for(uri, min_version)
    local n = 0
    for _, p in ipairs(report.publishes) do
      if p.uri == uri and (min_version == nil or (p.version ~= nil and p.version ~= vim.NIL and p.version >= min_version)) then
        n = n + 1
      end
    end
    return n
  end

  -- What the user sees: vim.diagnostic's items for the buffer, with 1-based lines and columns.
  local function seen(bufnr)
    local items = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      table.insert(items, {
        code = d.code,
        line = d.lnum + 1,
        col = d.col + 1,
        end_line = d.end_lnum + 1,
        severity = d.severity,
        source = d.source,
        message = d.message,
      })
    end
    table.sort(items, function(a, b)
      if a.line ~= b.line then return a.line < b.line end
      return tostring(a.code) < tostring(b.code)
    end)
    return items
  end

  local function buffer_text(bufnr)
    return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
  end

  local buffers = {}
  for _, name in ipairs({ 'Dockerfile', 'Makefile', 'build.sh' }) do
    step('open ' .. name)
    vim.cmd('edit ' .. vim.fn.fnameescape(fixtures .. '/' .. name))
    local bufnr = vim.api.nvim_get_current_buf()
    local uri = vim.uri_from_bufnr(bufnr)
    assert(vim.lsp.buf_attach_client(bufnr, client_id), 'buf_attach_client failed for ' .. name)
    local ok = vim.wait(timeout, function()
      return publishes_for(uri) > 0
    end, 20)
    buffers[name] = { bufnr = bufnr, uri = uri }
    report.files[name] = {
      uri = uri,
      filetype = vim.bo[bufnr].filetype,
      published = ok,
      diagnostics = seen(bufnr),
    }
  end

  local client = vim.lsp.get_client_by_id(client_id)
  assert(client, 'no client ' .. client_id)
  report.offset_encoding = client.offset_encoding

  -- The quick fix, the way vim.lsp.buf.code_action() builds its request in 0.7: the line's diagnostics
  -- converted back to LSP (with their `data`), then the preferred action's WorkspaceEdit applied.
  local function fix(name, code)
    step('fix ' .. name .. ' ' .. code)
    local b = buffers[name]
    local rec = { file = name, code = code }
    report.fixes[#report.fixes + 1] = rec
    local target
    for _, d in ipairs(vim.diagnostic.get(b.bufnr)) do
      if d.code == code then
        target = d
        break
      end
    end
    if not target then
      rec.error = 'no ' .. code .. ' diagnostic in ' .. name
      return
    end
    local lsp_diags = {}
    for _, d in ipairs(vim.lsp.diagnostic.get_line_diagnostics(b.bufnr, target.lnum, {}, client_id)) do
      if d.code == code then table.insert(lsp_diags, d) end
    end
    rec.request_diagnostics = #lsp_diags
    local params = {
      textDocument = { uri = b.uri },
      range = lsp_diags[1].range,
      context = { diagnostics = lsp_diags },
    }
    local response, err = client.request_sync('textDocument/codeAction', params, timeout, b.bufnr)
    if not response then
      rec.error = 'codeAction request failed: ' .. tostring(err)
      return
    end
    if response.err then
      rec.error = 'codeAction error: ' .. vim.inspect(response.err)
      return
    end
    local actions = response.result or {}
    rec.actions = {}
    local chosen
    for _, a in ipairs(actions) do
      table.insert(rec.actions, { title = a.title, kind = a.kind, isPreferred = a.isPreferred == true, has_edit = a.edit ~= nil })
      if a.isPreferred == true and not chosen then chosen = a end
    end
    chosen = chosen or actions[1]
    if not chosen or not chosen.edit then
      rec.error = 'no code action with an edit'
      return
    end
    rec.applied = chosen.title
    local before = vim.lsp.util.buf_versions[b.bufnr]
    vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
    local after = vim.lsp.util.buf_versions[b.bufnr]
    rec.version_before, rec.version_after = before, after
    -- didChange is debounced by the client (150 ms in 0.7); the server answers with a publish for that version.
    rec.republished = vim.wait(timeout, function()
      return publishes_for(b.uri, after) > 0
    end, 20)
    rec.diagnostics = seen(b.bufnr)
    rec.text = buffer_text(b.bufnr)
  end

  fix('Dockerfile', 'XB102')
  fix('Makefile', 'XB101')

  step('stop_client')
  vim.lsp.stop_client(client_id)
  report.server_stopped = vim.wait(5000, function()
    return report.server_exit ~= nil
  end, 20)
  step('done')
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  report.error = tostring(err)
end
local wrote, werr = pcall(write_report)
if not wrote then
  io.stderr:write('lsp-check.lua: could not write the report: ' .. tostring(werr) .. '\n')
end
vim.cmd('qa!')
