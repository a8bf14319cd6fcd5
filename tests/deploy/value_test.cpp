// Unit tests of the deployment data model: values with unknowns, addresses, SHA-256, JSON.
#include <catch2/catch.hpp>

#include "runtime/resource/address.h"
#include "runtime/resource/json.h"
#include "runtime/resource/record.h"
#include "compiler/base/sha256.h"
#include "runtime/resource/value.h"

using namespace cairn::resource;
using cairn::base::Sha256;
using cairn::base::sha256_hex;

TEST_CASE("objects are sorted and equality is structural", "[value]") {
  Value a = Value::object({{"b", Value::integer(1)}, {"a", Value::string("x")}});
  Value b = Value::object({{"a", Value::string("x")}, {"b", Value::integer(1)}});
  CHECK(a == b);
  CHECK(a.as_object()[0].first == "a");
  CHECK(a.get("b")->number_text() == "1");
  CHECK(a.get("c") == nullptr);
  a.set("c", Value::boolean(true));
  CHECK(a != b);
  CHECK(a.erase("c"));
  CHECK(a == b);
}

TEST_CASE("unknowns propagate their dependencies", "[value]") {
  Value v = Value::object({{"x", Value::unknown({"b", "a", "b"})},
                           {"y", Value::array({Value::unknown({"c"}), Value::integer(2)})}});
  CHECK(v.has_unknown());
  std::set<std::string> deps;
  v.collect_unknown_deps(deps);
  CHECK(deps == std::set<std::string>{"a", "b", "c"});
  CHECK(v.get("x")->unknown_deps() == std::vector<std::string>{"a", "b"});
  CHECK(to_display(*v.get("x")) == "(known after apply)");
}

TEST_CASE("numbers are canonical", "[value]") {
  CHECK(canonical_number_text("1.0") == "1");
  CHECK(canonical_number_text("-0") == "0");
  CHECK(canonical_number_text("007") == "7");
  CHECK(canonical_number_text("0.5") == "0.5");
  CHECK(canonical_number_text("123456789012345678901234567890") == "123456789012345678901234567890");
  CHECK(canonical_number_text("1e3") == "1000");
  CHECK(canonical_number_text("abc").empty());
  CHECK(Value::number_from_double(0.1).number_text() == "0.1");
}

TEST_CASE("addresses quote what is not an identifier", "[address]") {
  CHECK(address_from_segments({"web", "dns"}) == "web.dns");
  CHECK(address_from_segments({"services", "api.v2"}) == "services.\"api.v2\"");
  CHECK(address_from_segments({"let"}) == "\"let\"");
  std::string why;
  auto segs = parse_address("services.\"api.v2\".x", &why);
  REQUIRE(segs);
  CHECK(*segs == std::vector<std::string>{"services", "api.v2", "x"});
  CHECK(normalize_address("web.\"dns\"", &why) == "web.dns");
  CHECK_FALSE(parse_address("web..dns", &why));
  CHECK_FALSE(parse_address("web.", &why));
  CHECK_FALSE(parse_address("a b", &why));
  CHECK_FALSE(parse_address("\"open", &why));
}

TEST_CASE("address file names round trip", "[address]") {
  for (std::string a : {"web.dns", "services.\"api/v2\"", ".x", "a.\"%\""}) {
    std::string stem = address_to_file_stem(a);
    CHECK(stem.find('/') == std::string::npos);
    CHECK(stem[0] != '.');
    CHECK(file_stem_to_address(stem) == a);
  }
  CHECK_FALSE(file_stem_to_address("bad%4"));
}

TEST_CASE("sha256 matches the standard vectors", "[sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  std::string million(1000000, 'a');
  CHECK(sha256_hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  Sha256 inc;
  for (int i = 0; i < 1000; ++i) inc.update(std::string(1000, 'a'));
  auto d = inc.finish();
  CHECK(d[0] == 0xcd);
}

TEST_CASE("values round trip through JSON with an unknown mask", "[json]") {
  Value v = Value::object({{"a", Value::unknown({"x"})},
                           {"b", Value::array({Value::integer(1), Value::unknown({"x"})})},
                           {"c", Value::string("s")},
                           {"d", Value::number("0.5")}});
  Json known = to_json(v);
  Json mask = unknown_mask(v);
  CHECK(known["a"].is_null());
  CHECK(mask["a"] == true);
  CHECK(mask["b"][0] == false);
  CHECK(mask["b"][1] == true);
  CHECK(!mask.contains("c"));
  std::string why;
  auto back = from_json_masked(known, mask, {"x"}, &why);
  REQUIRE(back);
  CHECK(*back == v);
}

TEST_CASE("deep JSON is refused, not a crash", "[json]") {
  std::string deep(100000, '[');
  std::string why;
  CHECK_FALSE(parse_json_text(deep, &why));
  CHECK(why.find("deeper") != std::string::npos);
  CHECK_FALSE(parse_json_text("{\"a\": }", &why));
}

TEST_CASE("records round trip", "[record]") {
  ResourceRecord r;
  r.address = "web.dns";
  r.type = "local.File";
  r.provider = "local";
  r.id = "out/x";
  r.inputs = Value::object({{"path", Value::string("out/x")}});
  r.outputs = Value::object({{"sha256", Value::string("ab")}});
  r.dependencies = {"a", "b"};
  r.lifecycle.prevent_destroy = true;
  std::string why;
  auto back = record_from_json(record_to_json(r), &why);
  REQUIRE(back);
  CHECK(*back == r);
  CHECK_FALSE(record_from_json(Json::parse("{\"address\": 1}"), &why));
}
