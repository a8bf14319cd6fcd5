// Plan files: sealing, recognising and checking them before anything runs; see plan_file.h.
#include "runtime/plan/plan_file.h"

#include <algorithm>

#include <fmt/core.h>

#include "compiler/base/sha256.h"
#include "runtime/resource/json.h"

namespace cairn::plan {

namespace {

constexpr std::string_view kChecksumKey = "\"checksum\": \"sha256:";
constexpr size_t kHexDigits = 64;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

size_t skip_ws(std::string_view t, size_t i) {
  while (i < t.size() && is_space(t[i])) ++i;
  return i;
}

// The end of the string starting at `i` (the opening quote), past its closing quote.
size_t skip_string(std::string_view t, size_t i) {
  for (++i; i < t.size(); ++i) {
    if (t[i] == '\\') ++i;
    else if (t[i] == '"') return i + 1;
  }
  return std::string_view::npos;
}

// The end of the value starting at `i`; npos when it does not end.
size_t skip_value(std::string_view t, size_t i) {
  if (i >= t.size()) return std::string_view::npos;
  if (t[i] == '"') return skip_string(t, i);
  if (t[i] == '{' || t[i] == '[') {
    size_t depth = 0;
    while (i < t.size()) {
      char c = t[i];
      if (c == '"') {
        i = skip_string(t, i);
        if (i == std::string_view::npos) return i;
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if ((c == '}' || c == ']') && --depth == 0) return i + 1;
      ++i;
    }
    return std::string_view::npos;
  }
  size_t start = i;
  while (i < t.size() && !is_space(t[i]) && t[i] != ',' && t[i] != '}' && t[i] != ']') ++i;
  return i > start ? i : std::string_view::npos;
}

// Moves `*i` from the opening bracket of a container to its first member (or npos at the
// end); `next_member` moves past a member's value to the next one.
size_t first_member(std::string_view t, size_t i) {
  i = skip_ws(t, i + 1);
  return i < t.size() && (t[i] == '}' || t[i] == ']') ? std::string_view::npos : i;
}
size_t next_member(std::string_view t, size_t value_end) {
  size_t i = skip_ws(t, value_end);
  if (i >= t.size() || t[i] != ',') return std::string_view::npos;
  return skip_ws(t, i + 1);
}

base::Span span_of(size_t b, size_t e) { return {static_cast<uint32_t>(b), static_cast<uint32_t>(e)}; }

} // namespace

std::optional<base::Span> json_locate(std::string_view t, const std::vector<std::string>& path) {
  constexpr size_t npos = std::string_view::npos;
  size_t pos = skip_ws(t, 0);
  base::Span key_span = span_of(pos, pos + 1);
  for (const std::string& step : path) {
    if (pos >= t.size()) return std::nullopt;
    bool found = false;
    if (t[pos] == '{') {
      for (size_t m = first_member(t, pos); m != npos && m < t.size() && t[m] == '"';) {
        size_t key_end = skip_string(t, m);
        if (key_end == npos) return std::nullopt;
        size_t colon = skip_ws(t, key_end);
        if (colon >= t.size() || t[colon] != ':') return std::nullopt;
        size_t value = skip_ws(t, colon + 1);
        if (t.substr(m + 1, key_end - m - 2) == step) {
          key_span = span_of(m, key_end);
          pos = value;
          found = true;
          break;
        }
        size_t end = skip_value(t, value);
        if (end == npos) return std::nullopt;
        m = next_member(t, end);
      }
    } else if (t[pos] == '[') {
      size_t want = 0;
      if (step.empty() || step.size() > 9 || !std::all_of(step.begin(), step.end(), ::isdigit)) return std::nullopt;
      want = std::stoul(step);
      size_t index = 0;
      for (size_t m = first_member(t, pos); m != npos; ++index) {
        if (index == want) {
          key_span = span_of(m, m + 1);
          pos = m;
          found = true;
          break;
        }
        size_t end = skip_value(t, m);
        if (end == npos) return std::nullopt;
        m = next_member(t, end);
      }
    }
    if (!found) return std::nullopt;
  }
  if (pos < t.size() && t[pos] != '{' && t[pos] != '[') {
    size_t end = skip_value(t, pos);
    if (end != npos && t.substr(pos, end - pos).find('\n') == npos) return span_of(pos, end);
  }
  return key_span;
}

std::optional<std::vector<std::string>> json_top_keys(std::string_view t) {
  constexpr size_t npos = std::string_view::npos;
  size_t pos = skip_ws(t, 0);
  if (pos >= t.size() || t[pos] != '{') return std::nullopt;
  std::vector<std::string> keys;
  for (size_t m = first_member(t, pos); m != npos && m < t.size();) {
    if (t[m] != '"') return std::nullopt;
    size_t key_end = skip_string(t, m);
    if (key_end == npos) return std::nullopt;
    keys.emplace_back(t.substr(m + 1, key_end - m - 2));
    size_t colon = skip_ws(t, key_end);
    if (colon >= t.size() || t[colon] != ':') return std::nullopt;
    size_t end = skip_value(t, skip_ws(t, colon + 1));
    if (end == npos) return std::nullopt;
    m = next_member(t, end);
  }
  return keys;
}

void seal_plan_text(std::string& text) {
  size_t at = text.rfind(kChecksumPlaceholder);
  if (at == std::string::npos) return;
  size_t hex = at + std::string_view("sha256:").size();
  std::string sum = base::sha256_hex(std::string_view(text).substr(0, hex));
  text.replace(hex, kHexDigits, sum);
}

ApplyInputKind classify_apply_input(const std::string& path, std::string_view text) {
  auto ends_with = [&](std::string_view s) {
    return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
  };
  if (ends_with(".plan") || ends_with(".tfplan")) return ApplyInputKind::Plan;
  static constexpr std::string_view kPlanKeys[] = {"cairn", "plan_format", "format_version", "resource_changes",
                                                   "terraform_version", "cairn_version"};
  if (auto keys = json_top_keys(text)) {
    for (const std::string& k : *keys)
      if (std::find(std::begin(kPlanKeys), std::end(kPlanKeys), k) != std::end(kPlanKeys)) return ApplyInputKind::Plan;
    if (std::find(keys->begin(), keys->end(), "resources") == keys->end()) return ApplyInputKind::Neither;
    return ApplyInputKind::Spec;
  }
  // A damaged (say truncated) plan file is still a plan file.
  size_t first = skip_ws(text, 0);
  bool json_like = first < text.size() && text[first] == '{';
  if (json_like && (text.find("\"plan_format\"") != std::string_view::npos ||
                    text.find("\"resource_changes\"") != std::string_view::npos))
    return ApplyInputKind::Plan;
  return ApplyInputKind::Spec;
}

namespace {

// Checks the checksum; false after reporting.
bool check_checksum(std::string_view text, base::FileId file, const resource::Json& cairn,
                    diag::Diagnostics& diags) {
  auto located = [&](const std::vector<std::string>& path) {
    auto span = json_locate(text, path);
    return base::Loc{file, span.value_or(base::Span{})};
  };
  auto it = cairn.find("checksum");
  if (it == cairn.end() || !it->is_string()) {
    diags.error(diag::DiagKind::PlanChecksumMismatch, located({"cairn"}),
                "the plan file has no checksum, so it cannot be trusted")
        .primary("no `checksum` in this section")
        .help("make a new plan with `cairn plan SPEC -o PLAN`");
    return false;
  }
  // The checksum is the last member of the last section: the text ends `<hex>" } }`.
  size_t key = text.rfind(kChecksumKey);
  size_t hex = key == std::string_view::npos ? key : key + kChecksumKey.size();
  bool in_place = hex != std::string_view::npos && hex + kHexDigits < text.size() &&
                  text[hex + kHexDigits] == '"';
  if (in_place) {
    size_t braces = 0;
    for (size_t i = hex + kHexDigits + 1; i < text.size() && in_place; ++i) {
      if (text[i] == '}') ++braces;
      else if (!is_space(text[i])) in_place = false;
    }
    in_place = in_place && braces == 2 &&
               it->get<std::string>() == "sha256:" + std::string(text.substr(hex, kHexDigits));
  }
  if (in_place && base::sha256_hex(text.substr(0, hex)) == text.substr(hex, kHexDigits)) return true;
  diags.error(diag::DiagKind::PlanChecksumMismatch, located({"cairn", "checksum"}),
              "the plan file was changed after `cairn plan` wrote it: its checksum does not match")
      .primary("not the checksum of this file")
      .note("a plan is applied exactly as it was planned, so a damaged or edited plan is refused")
      .help("make a new plan with `cairn plan SPEC -o PLAN`");
  return false;
}

// Checks that `waits_for` has no cycle (Kahn's algorithm); false after reporting one.
bool check_acyclic(const Plan& plan, std::string_view text, base::FileId file, diag::Diagnostics& diags) {
  size_t n = plan.changes.size();
  std::vector<uint32_t> pending(n, 0);
  std::vector<std::vector<uint32_t>> waiters(n);
  for (size_t i = 0; i < n; ++i)
    for (uint32_t j : plan.waits_for[i]) {
      ++pending[i];
      waiters[j].push_back(static_cast<uint32_t>(i));
    }
  std::vector<uint32_t> ready;
  for (size_t i = 0; i < n; ++i)
    if (pending[i] == 0) ready.push_back(static_cast<uint32_t>(i));
  size_t done = 0;
  while (!ready.empty()) {
    uint32_t i = ready.back();
    ready.pop_back();
    ++done;
    for (uint32_t w : waiters[i])
      if (--pending[w] == 0) ready.push_back(w);
  }
  if (done == n) return true;
  // Walk waits_for among the actions left until one repeats: that is a cycle.
  uint32_t start = 0;
  while (pending[start] == 0) ++start;
  std::vector<int64_t> seen_at(n, -1);
  std::vector<uint32_t> walk;
  uint32_t cur = start;
  while (seen_at[cur] < 0) {
    seen_at[cur] = static_cast<int64_t>(walk.size());
    walk.push_back(cur);
    for (uint32_t j : plan.waits_for[cur])
      if (pending[j] != 0) {
        cur = j;
        break;
      }
  }
  std::vector<uint32_t> cycle(walk.begin() + seen_at[cur], walk.end());
  std::string names;
  for (uint32_t i : cycle) names += fmt::format("`{}` waits for ", plan.changes[i].address);
  names += fmt::format("`{}`", plan.changes[cycle.front()].address);
  auto span = json_locate(text, {"cairn", "resources", std::to_string(cycle.front()), "waits_for"});
  diags.error(diag::DiagKind::PlanCycle, {file, span.value_or(base::Span{})},
              fmt::format("the actions of the plan wait for each other in a cycle: {}", names))
      .primary("this action is on the cycle")
      .help("make a new plan with `cairn plan SPEC -o PLAN`");
  return false;
}

} // namespace

std::optional<Plan> read_plan_file(const base::SourceMap& sources, base::FileId file, diag::Diagnostics& diags) {
  std::string_view text = sources.get(file).text();
  const std::string& name = sources.get(file).path();
  auto at = [&](const std::vector<std::string>& path) {
    return base::Loc{file, json_locate(text, path).value_or(base::Span{})};
  };
  std::string why;
  size_t error_offset = 0;
  PreReadChanges pre;
  auto doc = parse_plan_text(text, &why, &error_offset, &pre);
  if (!doc) {
    uint32_t b = static_cast<uint32_t>(std::min(error_offset, text.size()));
    // nlohmann's "[json.exception.parse_error.101] parse error at line L, column C: what".
    if (why.rfind("[json.exception", 0) == 0 && why.find(": ") != std::string::npos) why = why.substr(why.find(": ") + 2);
    diags.error(diag::DiagKind::InvalidPlanFile, {file, {b, b}}, fmt::format("the plan file `{}` is not valid JSON", name))
        .primary(why)
        .help("a damaged plan cannot be applied: make a new one with `cairn plan SPEC -o PLAN`");
    return std::nullopt;
  }
  if (!doc->is_object() || !doc->contains("cairn")) {
    diags.error(diag::DiagKind::NotAPlanFile, {file, {0, text.empty() ? 0u : 1u}},
                fmt::format("`{}` is not a cairn plan: it has no `cairn` section", name))
        .note("cairn recognises a plan by its `cairn` section, which holds the planned actions")
        .help("make a plan with `cairn plan SPEC -o PLAN`, or apply a spec with `cairn apply SPEC`");
    return std::nullopt;
  }
  const resource::Json& cairn = (*doc)["cairn"];
  if (!cairn.is_object()) {
    diags.error(diag::DiagKind::NotAPlanFile, at({"cairn"}),
                fmt::format("`{}` is not a cairn plan: its `cairn` section is {}, not an object", name,
                            cairn.type_name()))
        .primary("expected the planned actions here")
        .help("make a plan with `cairn plan SPEC -o PLAN`");
    return std::nullopt;
  }
  auto format = cairn.find("plan_format");
  if (format == cairn.end() || !format->is_number_integer() || format->get<int64_t>() != kPlanFileFormat) {
    std::string found = format == cairn.end() ? "has no format version"
                        : format->is_number_integer() ? fmt::format("has format version {}", format->get<int64_t>())
                                                      : "has a malformed format version";
    diags.error(diag::DiagKind::PlanFormatUnsupported, at(format == cairn.end() ? std::vector<std::string>{"cairn"}
                                                                               : std::vector<std::string>{"cairn", "plan_format"}),
                fmt::format("the plan file `{}` {}; this cairn reads plan format {}", name, found, kPlanFileFormat))
        .help("make a new plan with this cairn: `cairn plan SPEC -o PLAN`");
    return std::nullopt;
  }
  if (!check_checksum(text, file, cairn, diags)) return std::nullopt;
  std::vector<std::string> where;
  std::optional<Plan> plan;
  try {
    plan = read_plan_document(*doc, &why, &where, &pre);
  } catch (const resource::Json::exception& e) {
    why = fmt::format("a member has the wrong type ({})", e.what());
  }
  if (!plan) {
    diags.error(diag::DiagKind::InvalidPlanFile, at(where), fmt::format("the plan file `{}` is malformed: {}", name, why))
        .help("make a new plan with `cairn plan SPEC -o PLAN`");
    return std::nullopt;
  }
  if (!check_acyclic(*plan, text, file, diags)) return std::nullopt;
  return plan;
}

} // namespace cairn::plan
