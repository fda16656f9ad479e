#pragma once
// Prints a benchmark table in Markdown, so `make bench` output pastes straight into a note:
//
//   | implementation | buffer | GB/s | baseline | verdict |
//
// Each bench states its baseline (a target from the issue or a figure from BASELINES.md) in a
// column beside Pier's own figure.

#include <cstdio>
#include <string>
#include <vector>

namespace pier::bench {

class Table {
 public:
  Table(std::string title, std::vector<std::string> columns)
      : m_title(std::move(title)), m_columns(std::move(columns)) {}

  void addRow(std::vector<std::string> cells) { m_rows.push_back(std::move(cells)); }

  void print() const {
    std::printf("\n### %s\n\n", m_title.c_str());
    std::vector<std::size_t> widths(m_columns.size(), 0);
    auto widen = [&](const std::vector<std::string>& row) {
      for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
        widths[i] = std::max(widths[i], row[i].size());
      }
    };
    widen(m_columns);
    for (const auto& r : m_rows) widen(r);
    printRow(m_columns, widths);
    std::string rule = "|";
    for (auto w : widths) rule += std::string(w + 2, '-') + "|";
    std::printf("%s\n", rule.c_str());
    for (const auto& r : m_rows) printRow(r, widths);
    std::fflush(stdout);
  }

 private:
  static void printRow(const std::vector<std::string>& row, const std::vector<std::size_t>& widths) {
    std::string line = "|";
    for (std::size_t i = 0; i < widths.size(); ++i) {
      std::string cell = i < row.size() ? row[i] : "";
      line += " " + cell + std::string(widths[i] - cell.size(), ' ') + " |";
    }
    std::printf("%s\n", line.c_str());
  }

  std::string m_title;
  std::vector<std::string> m_columns;
  std::vector<std::vector<std::string>> m_rows;
};

inline std::string fixed(double v, int decimals = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace pier::bench
