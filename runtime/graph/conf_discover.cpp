// Finding resources and building the outputs to merge; see conf_discover.h.
#include "runtime/graph/conf_discover.h"

#include "runtime/graph/conf_convert.h"
#include "runtime/graph/meta.h"
#include "runtime/resource/address.h"

#include <algorithm>
#include <fmt/core.h>
#include <map>
#include <optional>

namespace cairn::graph {

bool has_field(eval::Evaluator& ev, eval::Value record, const std::string& name) {
  for (const std::string& n : ev.field_names(record))
    if (n == name) return true;
  return false;
}

Discovery discover(eval::Evaluator& ev, eval::Value resources, base::Loc resources_loc,
                   const std::vector<std::string>& addresses, diag::Diagnostics& diags,
                   const Discovery* prior) {
  struct Work {
    eval::Value record;
    std::vector<std::string> path;
  };
  Discovery out;
  std::vector<Work> work{{resources, {}}};
  base::Names& names = ev.program().names;
  while (!work.empty()) {
    Work w = std::move(work.back());
    work.pop_back();
    std::vector<std::string> fields = ev.field_names(w.record);
    for (auto it = fields.rbegin(); it != fields.rend(); ++it) {
      std::vector<std::string> path = w.path;
      path.push_back(*it);
      std::string address = resource::address_from_segments(path);
      base::Loc loc = field_definition(names, w.record, *it);
      if (prior)
        if (auto p = prior->locs.find(address); p != prior->locs.end()) loc = p->second;
      if (!loc.valid()) loc = resources_loc;
      out.locs[address] = loc;
      std::optional<eval::Value> v = ev.get(w.record, {*it});
      if (!v) {
        out.failed = true;
        continue;
      }
      if (v->is_unknown()) {
        std::string why;
        std::optional<resource::Value> plain = to_plain(ev, *v, addresses, &why);
        diags
            .error(
                diag::DiagKind::ResourcesDependOnUnknown, loc,
                fmt::format("whether `resources.{}` holds resources depends on {}, which are known "
                            "only after apply",
                            address, plain ? describe_unknown_origin(*plain) : "outputs"))
            .help("which resources exist must be known when planning: compute it from parameters, "
                  "not "
                  "from outputs");
        out.unknown_set = true;
        continue;
      }
      if (!v->is_record()) {
        diags
            .error(diag::DiagKind::SpecShape, loc,
                   fmt::format("`resources.{}` is {}, not a resource or a group of resources",
                               address, value::type_article(value::type_of(*v))))
            .help("a resource is a record with a `type` field; any other record groups resources");
        out.failed = true;
        continue;
      }
      if (!has_field(ev, *v, "type")) {
        work.push_back({*v, std::move(path)});
        continue;
      }
      Found f{std::move(path), std::move(address), {}, loc, {}};
      for (const std::string& name : ev.field_names(*v))
        if (base::Loc l = field_definition(names, *v, name); l.valid())
          f.field_locs.emplace_back(name, l);
      out.found.push_back(std::move(f));
    }
  }
  std::sort(out.found.begin(), out.found.end(),
            [](const Found& a, const Found& b) { return a.address < b.address; });
  return out;
}

eval::Value injection(eval::Evaluator& ev, const std::vector<Found>& found, const OutputsMap& known,
                      bool all_unknown, const std::function<eval::Value(uint32_t)>& unknown_outputs) {
  struct Node {
    std::map<std::string, Node> children;
    std::optional<uint32_t> resource;
  };
  Node root;
  for (uint32_t i = 0; i < found.size(); ++i) {
    Node* n = &root;
    for (const std::string& seg : found[i].path) n = &n->children[seg];
    n->resource = i;
  }
  // Post-order with an explicit stack: children's records first, then their parent's.
  struct Frame {
    const Node* node;
    std::map<std::string, Node>::const_iterator next;
    std::vector<std::pair<std::string, eval::Value>> fields;
  };
  std::vector<Frame> stack;
  stack.push_back({&root, root.children.begin(), {}});
  eval::Value result;
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.next != f.node->children.end()) {
      const Node* child = &f.next->second;
      stack.push_back({child, child->children.begin(), {}});
      continue;
    }
    eval::Value v;
    if (f.node->resource) {
      uint32_t id = *f.node->resource;
      auto it = all_unknown ? known.end() : known.find(found[id].address);
      eval::Value outputs = it != known.end() ? outputs_value(ev, it->second, id)
                            : unknown_outputs ? unknown_outputs(id)
                                              : ev.unknown({id});
      v = ev.tracked_record(kNotAResource, {{"outputs", outputs}});
    } else {
      v = ev.tracked_record(kNotAResource, f.fields);
    }
    stack.pop_back();
    if (stack.empty()) {
      result = v;
      break;
    }
    Frame& parent = stack.back();
    parent.fields.emplace_back(parent.next->first, v);
    ++parent.next;
  }
  return result;
}

} // namespace cairn::graph
