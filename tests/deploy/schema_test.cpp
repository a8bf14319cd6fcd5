// Unit tests of schemas derived from provider contracts (providers/schema/derive.h): the
// built-in providers' tables come from their `.conf` files, and contracts written by
// external providers follow the same convention.
#include <algorithm>

#include <catch2/catch.hpp>

#include "providers/registry.h"
#include "providers/schema/derive.h"
#include "runtime/graph/spec.h"

using namespace cairn;
using providers::AttrType;
using providers::Value;

TEST_CASE("the meta fields come from cairn/schema.conf", "[providers][schema]") {
  std::vector<std::string> engine(std::begin(graph::kMetaFields), std::end(graph::kMetaFields));
  std::sort(engine.begin(), engine.end());
  CHECK(providers::meta_fields() == engine);
}

TEST_CASE("the local provider's schema is derived from local.conf", "[providers][schema]") {
  const providers::ProviderSchema& s = providers::builtin_schema("local");
  REQUIRE(s.resources.size() == 2);
  const providers::ResourceSchema* file = s.find("local.File");
  REQUIRE(file);
  const providers::Attribute* path = file->input("path");
  REQUIRE(path);
  CHECK(path->type == AttrType::String);
  CHECK(path->required);
  CHECK(path->force_new);
  CHECK_FALSE(path->sensitive);
  CHECK(path->doc.find("Where the file is") == 0);
  const providers::Attribute* mode = file->input("mode");
  REQUIRE(mode);
  CHECK_FALSE(mode->required);
  CHECK_FALSE(mode->force_new);
  REQUIRE(mode->default_value);
  CHECK(*mode->default_value == Value::string("0644"));
  CHECK(file->input("sensitive")->default_value == Value::boolean(false));
  CHECK(file->input("type") == nullptr);
  CHECK(file->input("depends_on") == nullptr);
  REQUIRE(file->outputs.size() == 2);
  CHECK(file->output("sha256")->type == AttrType::String);
  CHECK(s.find("local.Directory")->input("mode")->default_value == Value::string("0755"));
  REQUIRE(s.settings.size() == 1);
  CHECK(s.settings[0].name == "root");
}

TEST_CASE("the null provider's triggers force replacement", "[providers][schema]") {
  const providers::ProviderSchema& s = providers::builtin_schema("null");
  const providers::ResourceSchema* r = s.find("null.Resource");
  REQUIRE(r);
  CHECK(r->input("triggers")->force_new);
  CHECK(r->input("triggers")->type == AttrType::Record);
  CHECK(*r->input("triggers")->default_value == Value::object());
  CHECK(r->input("delay_ms")->type == AttrType::Number);
  CHECK(r->output("id"));
}

TEST_CASE("every built-in provider has a derivable schema", "[providers][schema]") {
  for (const std::string& kind : providers::Registry::builtin_kinds()) {
    std::string why;
    auto s = providers::derive_schema(kind, "cairn/" + kind + ".conf", &why);
    INFO(kind << ": " << why);
    REQUIRE(s);
    CHECK_FALSE(s->resources.empty());
  }
}

TEST_CASE("contracts of external providers: marks, optional inputs and errors", "[providers][schema]") {
  providers::register_contract("kvtest", R"(
let schema = import "cairn/schema.conf" in
{
  Entry = schema.Resource "kvtest.Entry" & {
    key | String | schema.ForceNew | doc "The key.",
    value | String | schema.Sensitive,
    tags | Array String | default = [],
    note | String | optional,
  },
  Outputs.Entry = { version | Number, token | String | schema.Sensitive },
  Settings = { file | String },
}
)");
  std::string why;
  auto s = providers::derive_schema("kvtest", "cairn/kvtest.conf", &why);
  INFO(why);
  REQUIRE(s);
  const providers::ResourceSchema* e = s->find("kvtest.Entry");
  REQUIRE(e);
  CHECK(e->input("key")->force_new);
  CHECK(e->input("value")->sensitive);
  CHECK(e->input("value")->required);
  CHECK(e->input("tags")->type == AttrType::Array);
  CHECK_FALSE(e->input("note")->required);
  CHECK(e->output("token")->sensitive);
  CHECK(s->settings[0].required);

  providers::register_contract("kvbad", "{ Entry = { type | default = \"other.Entry\" } }");
  CHECK_FALSE(providers::derive_schema("kvbad", "cairn/kvbad.conf", &why));
  CHECK(why.find("not `kvbad.Entry`") != std::string::npos);
  providers::register_contract("kvbroken", "{ Entry = ");
  CHECK_FALSE(providers::derive_schema("kvbroken", "cairn/kvbroken.conf", &why));
  CHECK_FALSE(why.empty());
}
