#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QTranslator;

namespace pier {

// The user interface language chosen at start-up, and why.
struct LanguageChoice {
  QString code;     // a code from Language::available(), e.g. "zh_CN"
  QString warning;  // non-empty when the request could not be honoured (untranslated: printed
                    // before any translation is loaded)
};

// Language picks the UI language and installs the translators that provide it: Pier's own
// messages (pier_<code>.qm, embedded under :/i18n by the build) and Qt's (qtbase_<code>.qm from
// QLibraryInfo::path(QLibraryInfo::TranslationsPath), when that file exists).
// Choice order: `--lang <code>` / `--lang=<code>` on the command line, else the system locale's
// UI languages, else English. An unknown --lang falls back to English with a warning.
//
// Thread: GUI thread; requires a QCoreApplication to exist while translators are installed.
// Ownership: owns its QTranslator objects; removes them from the application when apply() is
// called again or the Language object is destroyed.
class Language {
 public:
  static constexpr char kFallbackCode[] = "en";
  static constexpr char kResourceDir[] = ":/i18n";

  Language();
  ~Language();
  Language(const Language&) = delete;
  Language& operator=(const Language&) = delete;

  // Codes with an embedded translation, sorted, e.g. {"en", "zh_CN"}.
  static QStringList available();
  // The value given to --lang, std::nullopt without --lang; an empty string when --lang has no
  // value. `arguments` includes the program name, as QCoreApplication::arguments() does.
  static std::optional<QString> requestedFromArguments(const QStringList& arguments);
  // The available code for `requested` ("zh_CN", "zh-CN" and "zh_Hans_CN" all give "zh_CN"),
  // or an empty string when there is none.
  static QString match(const QString& requested);
  static LanguageChoice choose(const QStringList& arguments, const QLocale& systemLocale);

  // Installs the translators for `code` (one of available()) and makes QLocale(code) the default
  // locale. Returns false, leaving no Pier translator installed, when pier_<code>.qm cannot be
  // loaded.
  bool apply(const QString& code);
  QString current() const { return m_current; }
  bool hasQtTranslation() const { return m_qtTranslator != nullptr; }

 private:
  void removeTranslators();

  std::unique_ptr<QTranslator> m_appTranslator;
  std::unique_ptr<QTranslator> m_qtTranslator;
  QString m_current;
};

}  // namespace pier
