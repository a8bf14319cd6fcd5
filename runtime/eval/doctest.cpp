// Doc examples: extraction from doc strings and collection from values; see doctest.h.
#include "runtime/eval/doctest.h"

#include <algorithm>

#include "compiler/value/record.h"

namespace cairn::eval {

namespace {

std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

} // namespace

std::vector<DocExample> extract_examples(std::string_view doc) {
  std::vector<DocExample> out;
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos <= doc.size()) {
    size_t nl = doc.find('\n', pos);
    if (nl == std::string_view::npos) nl = doc.size();
    lines.push_back(doc.substr(pos, nl - pos));
    pos = nl + 1;
  }
  bool in_block = false;
  DocExample cur;
  auto flush = [&]() {
    if (!trim(cur.code).empty()) out.push_back(cur);
    cur = DocExample{};
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view t = trim(lines[i]);
    if (!in_block) {
      if (t.rfind("```nickel", 0) == 0 || t.rfind("```cairn", 0) == 0) {
        in_block = t.find("ignore") == std::string_view::npos;
        if (!in_block) {
          // Skip an ignored block.
          while (i + 1 < lines.size() && trim(lines[i + 1]).rfind("```", 0) != 0) ++i;
        }
        cur = DocExample{};
      }
      continue;
    }
    if (t.rfind("```", 0) == 0) {
      flush();
      in_block = false;
      continue;
    }
    if (t.empty()) {
      flush();
      continue;
    }
    if (t.rfind("# =>", 0) == 0) {
      std::string_view expected = trim(t.substr(4));
      cur.expected = std::string(expected);
      cur.expect_error = expected.rfind("error", 0) == 0;
      flush();
      continue;
    }
    if (cur.code.empty()) cur.line = static_cast<uint32_t>(i + 1);
    cur.code += std::string(lines[i]);
    cur.code += '\n';
  }
  return out;
}

std::vector<DocEntry> collect_docs(Evaluator& ev, Value root, const std::string& prefix) {
  std::vector<DocEntry> out;
  struct Item {
    Value v;
    std::string path;
  };
  std::vector<Item> work{{root, prefix}};
  base::Names& names = ev.program().names;
  while (!work.empty()) {
    Item it = work.back();
    work.pop_back();
    std::optional<Value> v = ev.force(it.v);
    if (!v || !v->is_record()) continue;
    auto* r = v->as<value::Record>();
    std::vector<const value::Field*> fields;
    for (uint32_t i = 0; i < r->size(); ++i) fields.push_back(&r->fields()[i]);
    std::sort(fields.begin(), fields.end(),
              [&](auto* a, auto* b) { return names.text(a->name) < names.text(b->name); });
    std::vector<Item> children;
    for (const value::Field* f : fields) {
      std::string path = it.path.empty() ? std::string(names.text(f->name))
                                         : it.path + "." + std::string(names.text(f->name));
      if (f->meta && f->meta->doc) out.push_back({path, std::string(f->meta->doc, f->meta->doc_size)});
      if (f->defined()) children.push_back({f->value, path});
    }
    // Visit children in name order: the stack takes them last first.
    for (size_t i = children.size(); i-- > 0;) {
      Value c = Machine::peek(children[i].v);
      // Only records are walked into; functions and other values hold no field docs.
      if (c.is_thunk() || c.is_record()) work.push_back(children[i]);
    }
  }
  return out;
}

} // namespace cairn::eval
