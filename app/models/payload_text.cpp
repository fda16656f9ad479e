#include "models/payload_text.h"

#include <QJsonDocument>
#include <QStringDecoder>

namespace pier {

namespace {

// The bytes as text, or nullopt when they are not UTF-8 text. `complete` false: the bytes are a
// prefix, and a character cut at the end is not an error.
std::optional<QString> decodeText(const QByteArray& bytes, bool complete) {
  QStringDecoder decoder(QStringDecoder::Utf8,
                         complete ? QStringDecoder::Flag::Stateless : QStringDecoder::Flag::Default);
  QString text = decoder.decode(bytes);
  if (decoder.hasError()) {
    return std::nullopt;
  }
  for (const QChar c : text) {
    if (c.category() == QChar::Other_Control && c != u'\t' && c != u'\n' && c != u'\r') {
      return std::nullopt;
    }
  }
  return text;
}

}  // namespace

bool looksLikeText(const QByteArray& bytes) { return decodeText(bytes, true).has_value(); }

QString previewPayload(const std::optional<QByteArray>& bytes, int charsMax) {
  if (!bytes) {
    return QStringLiteral("null");
  }
  // Only the start matters: 4 bytes per character cover charsMax characters of any UTF-8 text.
  const QByteArray head = bytes->left(static_cast<qsizetype>(charsMax) * 4);
  if (std::optional<QString> text = decodeText(head, head.size() == bytes->size())) {
    const bool cut = text->size() > charsMax || head.size() < bytes->size();
    QString line = text->left(charsMax);
    line.replace(QLatin1String("\r\n"), QStringLiteral("⏎")).replace(u'\n', QStringLiteral("⏎")).replace(u'\r', QStringLiteral("⏎"));
    line.replace(u'\t', u' ');
    return cut ? line + u'…' : line;
  }
  const qsizetype shown = std::min<qsizetype>(bytes->size(), std::max(1, (charsMax - 2) / 2));
  return QStringLiteral("0x") + QString::fromLatin1(bytes->left(shown).toHex()) +
         (shown < bytes->size() ? QStringLiteral("…") : QString());
}

std::optional<QString> prettyJson(const QByteArray& bytes) {
  QJsonParseError error;
  const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
  if (error.error != QJsonParseError::NoError || doc.isNull()) {
    return std::nullopt;
  }
  return QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
}

}  // namespace pier
