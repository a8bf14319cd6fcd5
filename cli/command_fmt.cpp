// `cairn fmt FILE... | -` with `--check`: format files in place, or standard input to
// standard output (compiler/format has the layout and its guarantees).
//
// A file is rewritten only when its text changes, through a temporary file renamed over
// it, so an interrupted run leaves either the old or the new text. `--check` writes
// nothing: it lists the files that would change (`-` for standard input) and exits 1 when
// there are any. `--stdout` prints the formatted text of every file instead. A file that does not parse is reported and left untouched (exit 1); the
// other files are still formatted.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>

#include <fmt/core.h>

#include "cli/driver.h"
#include "compiler/format/format.h"

namespace cairn::cli {

namespace {

bool write_file(const std::string& path, const std::string& text, std::string* why) {
  std::string tmp = path + ".cairn-fmt.tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) {
    *why = std::strerror(errno);
    return false;
  }
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    *why = std::strerror(errno);
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

} // namespace

void register_fmt(CLI::App& app, Driver& driver) {
  struct Options {
    std::vector<std::string> files;
    bool check = false;
    bool to_stdout = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("fmt", "Format files in place (`-`: stdin to stdout)");
  cmd->add_option("FILE", opts->files, "files to format, or `-` for standard input")->required();
  cmd->add_flag("--check", opts->check,
                "write nothing; list the files that would change and exit 1 if any");
  cmd->add_flag("--stdout", opts->to_stdout, "print the formatted text instead of rewriting the files");
  cmd->callback([&driver, opts] {
    bool failed = false, changes = false;
    for (const std::string& path : opts->files) {
      std::optional<base::FileId> file;
      if (path == "-") {
        std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
        file = driver.sources.add("<stdin>", std::move(text));
      } else {
        file = driver.load(path);
      }
      if (!file) {
        failed = true;
        continue;
      }
      std::optional<std::string> out = format::format(driver.sources, *file, driver.names, driver.diags);
      if (!out) {
        failed = true;
        continue;
      }
      bool changed = *out != driver.sources.get(*file).text();
      if (opts->check) {
        if (changed) {
          std::printf("%s\n", path.c_str());
          changes = true;
        }
        continue;
      }
      if (path == "-" || opts->to_stdout) {
        std::fwrite(out->data(), 1, out->size(), stdout);
      } else if (changed) {
        std::string why;
        if (!write_file(path, *out, &why)) {
          driver.error(diag::DiagKind::FileUnreadable, fmt::format("cannot write `{}`: {}", path, why));
          failed = true;
        }
      }
    }
    driver.exit_code = failed || changes ? kError : kOk;
  });
}

} // namespace cairn::cli
