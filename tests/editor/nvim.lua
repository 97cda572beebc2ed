-- Headless Neovim (0.7 API) as an srm-lint server client: open the fixture, wait for the PSH004
-- diagnostic, apply its preferred code action, write the buffer's lines and a status line.
local bin, file, out, status = os.getenv('SRM_LINT'), os.getenv('FIXTURE'), os.getenv('OUT'), os.getenv('STATUS')

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function psh004(buf)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == 'PSH004' then
      return d
    end
  end
  return nil
end

local function main()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = 'srm-lint',
    cmd = { bin, 'server' },
    root_dir = os.getenv('ROOT'),
    init_options = { asOf = '2026-01-15' },
  })
  assert(id, 'the server did not start')
  vim.lsp.buf_attach_client(buf, id)
  assert(vim.wait(10000, function() return psh004(buf) ~= nil end, 50), 'no PSH004 diagnostic within 10 s')
  local d = psh004(buf)
  local client = vim.lsp.get_client_by_id(id)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    context = { diagnostics = {} },
  }
  local resp = client.request_sync('textDocument/codeAction', params, 10000, buf)
  assert(resp and resp.result, 'no code actions: ' .. vim.inspect(resp))
  local fix
  for _, a in ipairs(resp.result) do
    if a.isPreferred then
      fix = a
    end
  end
  assert(fix, 'no preferred fix among ' .. vim.inspect(resp.result))
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
  vim.fn.writefile(vim.api.nvim_buf_get_lines(buf, 0, -1, false), out)
  -- The change goes to the server, which clears the finding.
  assert(vim.wait(10000, function() return psh004(buf) == nil end, 50), 'PSH004 still reported after the fix')
  return 'ok: ' .. fix.title
end

local ok, result = pcall(main)
vim.fn.writefile({ ok and result or ('error: ' .. tostring(result)) }, status)
vim.cmd(ok and 'qa!' or 'cquit 1')
