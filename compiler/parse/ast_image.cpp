// Parsed trees saved at build time; see ast_image.h.
//
// Layout, little-endian u32 words unless said: magic "CAST", version, text length (u64),
// text hash (u64), root, has_error; then four counted sections: nodes (ast::Node as is),
// children (NodeIds), string literals (offset, length pairs) with their bytes, and names
// (length-prefixed texts, in the writer's id order).
#include "compiler/parse/ast_image.h"

#include <cstring>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace cairn::parse {

namespace {

constexpr uint32_t kMagic = 0x54534143; // "CAST"
constexpr uint32_t kVersion = 1;

uint64_t text_hash(std::string_view text) {
  uint64_t h = 1469598103934665603ull; // FNV-1a
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

// Whether the payload of a node of this kind (with these flags) is a NameId
// (compiler/ast/node_kind.def says which).
bool payload_is_name(ast::NodeKind kind, uint8_t flags) {
  using K = ast::NodeKind;
  switch (kind) {
  case K::SymStr:
  case K::Var:
  case K::EnumTag:
  case K::EnumVariant:
  case K::PatAny:
  case K::PatEnum:
  case K::PatField:
  case K::PatAlias:
  case K::Name:
  case K::Include:
  case K::EnumRow: return true;
  case K::PatRecord:
  case K::PatArray: return (flags & ast::kRest) != 0;
  case K::RecordTail: return (flags & ast::kTailDyn) == 0;
  default: return false; // every other kind's payload is a number or a flag set
  }
}

struct Writer {
  std::string out;
  void u32(uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); }
  void u64(uint64_t v) { out.append(reinterpret_cast<const char*>(&v), 8); }
  void bytes(const void* p, size_t n) { out.append(static_cast<const char*>(p), n); }
};

struct Reader {
  std::string_view in;
  size_t at = 0;
  bool ok = true;
  bool take(void* p, size_t n) {
    if (!ok || in.size() - at < n) return ok = false;
    std::memcpy(p, in.data() + at, n);
    at += n;
    return true;
  }
  uint32_t u32() {
    uint32_t v = 0;
    take(&v, 4);
    return v;
  }
  uint64_t u64() {
    uint64_t v = 0;
    take(&v, 8);
    return v;
  }
};

struct Registry {
  std::shared_mutex mutex;
  std::unordered_map<uint64_t, std::vector<std::string_view>> by_hash;
  std::unordered_set<uint64_t> lengths; // of the texts with an image
};
Registry& registry() {
  static Registry r;
  return r;
}

} // namespace

// Friend of ast::File: reads and fills its arrays.
struct ImageAccess {
  static std::string write(const ast::File& f, const base::Names& names, std::string_view text) {
    Writer w;
    w.u32(kMagic);
    w.u32(kVersion);
    w.u64(text.size());
    w.u64(text_hash(text));
    w.u32(f.root_.index);
    w.u32(f.has_error_ ? 1 : 0);
    w.u32(static_cast<uint32_t>(f.nodes_.size()));
    w.bytes(f.nodes_.data(), f.nodes_.size() * sizeof(ast::Node));
    w.u32(static_cast<uint32_t>(f.children_.size()));
    w.bytes(f.children_.data(), f.children_.size() * sizeof(ast::NodeId));
    w.u32(static_cast<uint32_t>(f.strings_.size()));
    w.bytes(f.strings_.data(), f.strings_.size() * sizeof(f.strings_[0]));
    w.u32(static_cast<uint32_t>(f.string_data_.size()));
    w.bytes(f.string_data_.data(), f.string_data_.size());
    w.u32(names.size());
    for (uint32_t i = 0; i < names.size(); ++i) {
      std::string_view t = names.text(base::NameId(i));
      w.u32(static_cast<uint32_t>(t.size()));
      w.bytes(t.data(), t.size());
    }
    return w.out;
  }

  static std::optional<ast::File> read(std::string_view image, base::FileId file, base::Names& names) {
    Reader r{image};
    if (r.u32() != kMagic || r.u32() != kVersion) return std::nullopt;
    r.u64(); // text length and hash: checked by find_image
    r.u64();
    ast::File f(file, &names);
    f.root_ = ast::NodeId(r.u32());
    f.has_error_ = r.u32() != 0;
    auto section = [&](auto& vec) {
      uint32_t n = r.u32();
      if (!r.ok || (image.size() - r.at) / sizeof(vec[0]) < n) return r.ok = false;
      vec.resize(n);
      return r.take(vec.data(), n * sizeof(vec[0]));
    };
    if (!section(f.nodes_) || !section(f.children_) || !section(f.strings_) || !section(f.string_data_))
      return std::nullopt;
    uint32_t count = r.u32();
    std::vector<uint32_t> map;
    map.reserve(count);
    for (uint32_t i = 0; i < count && r.ok; ++i) {
      uint32_t len = r.u32();
      if (!r.ok || image.size() - r.at < len) return std::nullopt;
      map.push_back(names.intern(image.substr(r.at, len)).index);
      r.at += len;
    }
    if (!r.ok || r.at != image.size()) return std::nullopt;
    for (ast::Node& n : f.nodes_) {
      if (!payload_is_name(n.kind, n.flags) || n.payload == base::NameId::kNone) continue;
      if (n.payload >= map.size()) return std::nullopt;
      n.payload = map[n.payload];
    }
    return f;
  }
};

std::string write_image(const ast::File& file, const base::Names& names, std::string_view text) {
  return ImageAccess::write(file, names, text);
}

std::optional<ast::File> read_image(std::string_view image, base::FileId file, base::Names& names) {
  return ImageAccess::read(image, file, names);
}

void register_image(std::string_view image) {
  Reader r{image};
  if (r.u32() != kMagic || r.u32() != kVersion) return;
  uint64_t length = r.u64();
  uint64_t hash = r.u64();
  Registry& reg = registry();
  std::unique_lock lock(reg.mutex);
  reg.lengths.insert(length);
  for (std::string_view known : reg.by_hash[hash])
    if (known == image) return;
  reg.by_hash[hash].push_back(image);
}

std::optional<std::string_view> find_image(std::string_view text) {
  Registry& reg = registry();
  std::shared_lock lock(reg.mutex);
  // Every parse asks: hash only a text whose length is an image's (a 10 MB spec is not).
  if (!reg.lengths.count(text.size())) return std::nullopt;
  auto it = reg.by_hash.find(text_hash(text));
  if (it == reg.by_hash.end()) return std::nullopt;
  for (std::string_view image : it->second) {
    Reader r{image};
    r.u32();
    r.u32();
    if (r.u64() == text.size()) return image;
  }
  return std::nullopt;
}

} // namespace cairn::parse
