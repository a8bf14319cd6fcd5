// LSP protocol structs and their JSON form (nlohmann), for the parts of the protocol the
// server speaks. Positions here are the protocol's (0-based lines, UTF-16 characters);
// server.cpp converts from byte offsets with a LineIndex. URIs are `file://` URIs with
// percent-encoding; `uri_to_path` and `path_to_uri` convert.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "compiler/lsp/positions.h"

namespace cairn::lsp {

using json = nlohmann::json;

struct Range {
  Position start, end;
};

struct Location {
  std::string uri;
  Range range;
};

struct Diagnostic {
  Range range;
  int severity = 1; // 1 error, 2 warning, 3 information, 4 hint
  std::string code;
  std::string message;
  std::vector<std::pair<Location, std::string>> related;
};

struct TextEdit {
  Range range;
  std::string new_text;
};

struct ContentChange {
  std::optional<Range> range; // none: the whole text
  std::string text;
};

// JSON-RPC error codes.
enum ErrorCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  RequestCancelled = -32800,
};

void to_json(json& j, const Position& p);
void from_json(const json& j, Position& p);
void to_json(json& j, const Range& r);
void from_json(const json& j, Range& r);
void to_json(json& j, const Location& l);
void to_json(json& j, const Diagnostic& d);
void to_json(json& j, const TextEdit& e);
void from_json(const json& j, ContentChange& c);

std::string uri_to_path(const std::string& uri);
std::string path_to_uri(const std::string& path);

} // namespace cairn::lsp
