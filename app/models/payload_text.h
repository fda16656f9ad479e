#pragma once
// How the console shows message keys, values and headers as text: a one-line preview for table
// cells, and the text/JSON renderings for the detail pane. Bytes that are not valid UTF-8 text
// are shown as hex, never as mojibake.
//
// Thread: any (pure functions).

#include <QByteArray>
#include <QString>

#include <optional>

namespace pier {

// True when `bytes` are valid UTF-8 without control characters other than tab, CR and LF.
bool looksLikeText(const QByteArray& bytes);

// A single line of at most `charsMax` characters: the text (line breaks shown as ⏎), or
// "0x" + hex of the first bytes; "null" for a null payload and "" for an empty one.
QString previewPayload(const std::optional<QByteArray>& bytes, int charsMax);

// The bytes indented as JSON, or nullopt when they are not a JSON object or array.
std::optional<QString> prettyJson(const QByteArray& bytes);

}  // namespace pier
