// An ANTLR character stream over the bytes of a source file.
//
// ANTLR's own ANTLRInputStream decodes the input into UTF-32 (4 bytes per character) and
// numbers characters by code point. We hand the lexer bytes instead: every index is a byte
// offset, so token start/stop indexes are our spans with no conversion, and the input is not
// copied. The grammar only matches ASCII outside strings and comments, where any byte goes,
// so the lexer is unaffected; UTF-8 validity is checked separately (parse.cpp).
#pragma once

#include <antlr4-runtime.h>
#include <string_view>

namespace cairn::parse {

class ByteStream final : public antlr4::CharStream {
public:
  ByteStream(std::string_view text, std::string name) : text_(text), name_(std::move(name)) {}

  void consume() override {
    if (pos_ >= text_.size()) throw antlr4::IllegalStateException("cannot consume EOF");
    ++pos_;
  }
  size_t LA(ssize_t i) override {
    if (i == 0) return 0;
    ssize_t at = i > 0 ? static_cast<ssize_t>(pos_) + i - 1 : static_cast<ssize_t>(pos_) + i;
    if (at < 0 || at >= static_cast<ssize_t>(text_.size())) return antlr4::IntStream::EOF;
    return static_cast<unsigned char>(text_[static_cast<size_t>(at)]);
  }
  ssize_t mark() override { return -1; }
  void release(ssize_t) override {}
  size_t index() override { return pos_; }
  void seek(size_t index) override { pos_ = index < text_.size() ? index : text_.size(); }
  size_t size() override { return text_.size(); }
  std::string getSourceName() const override { return name_; }
  std::string getText(const antlr4::misc::Interval& interval) override {
    if (interval.a < 0 || interval.b < interval.a) return {};
    size_t a = static_cast<size_t>(interval.a);
    size_t b = static_cast<size_t>(interval.b);
    if (a >= text_.size()) return {};
    return std::string(text_.substr(a, std::min(b, text_.size() - 1) - a + 1));
  }
  std::string toString() const override { return std::string(text_); }
  std::string_view text() const { return text_; }

private:
  std::string_view text_;
  std::string name_;
  size_t pos_ = 0;
};

} // namespace cairn::parse
