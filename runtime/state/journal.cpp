// The apply journal; see journal.h.
#include "runtime/state/journal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fmt/core.h>

#include "runtime/resource/json.h"
#include "runtime/resource/json_writer.h"
#include "runtime/resource/record.h"
#include "compiler/base/sha256.h"
#include "runtime/state/outputs.h"
#include "runtime/state/store.h"

namespace cairn::state {

std::string journal_path(const std::string& gitdir, const std::string& stack) {
  return gitdir + "cairn-journal/" + stack + ".jsonl";
}

std::string journal_line(const JournalEntry& e) {
  std::string out;
  resource::JsonWriter w(out, true);
  w.begin_object();
  switch (e.kind) {
  case JournalEntry::Kind::Put:
    w.key("put");
    resource::write_record(w, e.record);
    break;
  case JournalEntry::Kind::Remove:
    w.key("remove");
    w.string(e.address);
    break;
  case JournalEntry::Kind::Outputs:
    w.key("outputs");
    write_outputs(w, e.outputs, e.sensitive_outputs, e.sealed_outputs);
    break;
  }
  w.end_object();
  out += '\n';
  return out;
}

bool read_journal(const std::string& path, std::vector<JournalEntry>* out, std::string* digest,
                  std::string* why) {
  out->clear();
  digest->clear();
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    if (errno == ENOENT) return true;
    *why = fmt::format("cannot read the journal `{}`: {}", path, std::strerror(errno));
    return false;
  }
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  // A torn last line (the process died while writing it) is ignored.
  size_t end = text.rfind('\n');
  text.resize(end == std::string::npos ? 0 : end + 1);
  if (text.empty()) return true;
  *digest = base::sha256_hex(text).substr(0, 16);
  size_t start = 0;
  size_t line_no = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line(text.data() + start, nl - start);
    start = nl + 1;
    ++line_no;
    std::string what;
    auto j = resource::parse_json_text(line, &what);
    auto bad = [&](const std::string& m) {
      *why = fmt::format("the journal `{}` is malformed at line {}: {}", path, line_no, m);
      return false;
    };
    if (!j || !j->is_object() || j->size() != 1) return bad(j ? "expected one change" : what);
    JournalEntry e;
    if (auto it = j->find("put"); it != j->end()) {
      auto r = resource::record_from_json(*it, &what);
      if (!r) return bad(what);
      e.kind = JournalEntry::Kind::Put;
      e.record = std::move(*r);
    } else if (auto rm = j->find("remove"); rm != j->end() && rm->is_string()) {
      e.kind = JournalEntry::Kind::Remove;
      e.address = rm->get<std::string>();
    } else if (auto o = j->find("outputs"); o != j->end()) {
      auto v = outputs_from_json(*o, &what);
      if (!v || !v->values.is_object()) return bad("outputs must be a record");
      e.kind = JournalEntry::Kind::Outputs;
      e.outputs = std::move(v->values);
      e.sensitive_outputs = std::move(v->sensitive);
      e.sealed_outputs = std::move(v->sealed);
    } else {
      return bad("unknown change");
    }
    out->push_back(std::move(e));
  }
  return true;
}

bool append_journal(const std::string& path, int* fdp, const std::string& lines, std::string* why) {
  if (*fdp < 0) {
    std::string dir = path.substr(0, path.rfind('/'));
    mkdir(dir.c_str(), 0755);
    *fdp = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (*fdp < 0) {
      *why = fmt::format("cannot open the journal `{}`: {}", path, std::strerror(errno));
      return false;
    }
  }
  int fd = *fdp;
  size_t done = 0;
  while (done < lines.size()) {
    ssize_t n = ::write(fd, lines.data() + done, lines.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *why = fmt::format("cannot write the journal `{}`: {}", path, std::strerror(errno));
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

void replay(const std::vector<JournalEntry>& entries, Snapshot& snapshot) {
  for (const JournalEntry& e : entries) {
    switch (e.kind) {
    case JournalEntry::Kind::Put: snapshot.resources[e.record.address] = e.record; break;
    case JournalEntry::Kind::Remove: snapshot.resources.erase(e.address); break;
    case JournalEntry::Kind::Outputs:
      snapshot.outputs = e.outputs;
      snapshot.sensitive_outputs = e.sensitive_outputs;
      snapshot.sealed_outputs = e.sealed_outputs;
      break;
    }
  }
}

} // namespace cairn::state
