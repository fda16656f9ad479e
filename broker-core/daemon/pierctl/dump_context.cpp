#include "daemon/pierctl/dump_context.h"

#include <filesystem>
#include <ranges>
#include <system_error>

#include <fmt/format.h>

#include "base/parse_number.h"

namespace pier::pierctl {

namespace {

// Kafka keeps these lists with Scala's `list ::= pair`, which prepends: they print newest first.
void printNewestFirst(std::ostream& err, const FileFindings& findings, std::string_view heading,
                      std::string_view lineFormat) {
  for (const auto& [file, pairs] : findings.byFile()) {
    err << heading << file << '\n';
    for (const auto& [first, second] : std::views::reverse(pairs)) {
      err << fmt::format(fmt::runtime(lineFormat), first, second) << '\n';
    }
  }
}

void printInOrder(std::ostream& err, const FileFindings& findings, std::string_view heading,
                  std::string_view lineFormat) {
  for (const auto& [file, pairs] : findings.byFile()) {
    err << heading << file << '\n';
    for (const auto& [first, second] : pairs) err << fmt::format(fmt::runtime(lineFormat), first, second) << '\n';
  }
}

}  // namespace

void FileFindings::add(const std::string& file, int64_t first, int64_t second) {
  for (auto& [name, pairs] : m_byFile) {
    if (name == file) {
      pairs.emplace_back(first, second);
      return;
    }
  }
  m_byFile.push_back({file, {{first, second}}});
}

void DumpFindings::print(std::ostream& err) const {
  printNewestFirst(err, indexMismatches, "Mismatches in :", "  Index offset: {}, log offset: {}");
  printInOrder(err, timeIndexMismatches, "Found timestamp mismatch in :", "  Index timestamp: {}, log timestamp: {}");
  printInOrder(err, timeIndexOutOfOrder, "Found out of order timestamp in :",
               "  Index timestamp: {}, Previously indexed timestamp: {}");
  // Kafka prints this list without naming the file.
  for (const auto& [file, pairs] : timeIndexNotFound.byFile()) {
    err << "The following indexed offsets are not found in the log.\n";
    for (const auto& [indexed, found] : pairs) {
      err << "Indexed offset: " << indexed << ", found log offset: " << found << '\n';
    }
  }
  printNewestFirst(err, nonConsecutiveOffsets, "Non-consecutive offsets in ", "  {} is followed by {}");
}

void DumpContext::fail(const std::string& message) {
  m_err << message << '\n';
  m_failed = true;
}

std::unique_ptr<File> DumpContext::openOrReport(const std::string& path) {
  OpenOptions readOnly;
  readOnly.readOnly = true;
  auto file = m_fs.open(path, readOnly);
  if (file) return std::move(*file);
  const std::string why = file.status().message();
  // FileSystem messages usually start with the path already.
  fail(why.starts_with(path) ? "Cannot open " + why : fmt::format("Cannot open {}: {}", path, why));
  return nullptr;
}

std::string fileNameOf(const std::string& path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  const std::size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

std::string segmentStemOf(const std::string& path) {
  const std::string name = fileNameOf(path);
  return name.substr(0, name.find('.'));
}

std::optional<int64_t> baseOffsetOf(const std::string& path) {
  return parseDecimal<int64_t>(segmentStemOf(path));
}

std::string siblingPath(const std::string& path, std::string_view suffix) {
  return joinPath(parentPath(path), segmentStemOf(path) + std::string(suffix));
}

std::string absolutePathOf(const std::string& path) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  return ec ? path : absolute.string();
}

Result<std::vector<uint8_t>> readWholeFile(File& file) {
  PIER_ASSIGN_OR_RETURN(uint64_t size, file.size());
  std::vector<uint8_t> bytes(static_cast<std::size_t>(size));
  PIER_ASSIGN_OR_RETURN(std::size_t got, file.readAt(0, bytes));
  bytes.resize(got);
  return bytes;
}

}  // namespace pier::pierctl
