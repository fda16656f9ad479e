#include "settings/language.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QTranslator>

namespace pier {

namespace {

const QString kLangOption = QStringLiteral("--lang");

}  // namespace

Language::Language() = default;

Language::~Language() { removeTranslators(); }

QStringList Language::available() {
  QStringList codes;
  const QStringList files =
      QDir(QLatin1String(kResourceDir)).entryList({QStringLiteral("pier_*.qm")}, QDir::Files);
  for (const QString& file : files) {
    codes << file.mid(5, file.size() - 5 - 3);  // strip "pier_" and ".qm"
  }
  codes.sort();
  return codes;
}

std::optional<QString> Language::requestedFromArguments(const QStringList& arguments) {
  std::optional<QString> requested;
  // The last --lang wins, as with most command line tools; "--" ends the options.
  for (qsizetype i = 1; i < arguments.size(); ++i) {
    const QString& argument = arguments.at(i);
    if (argument == QLatin1String("--")) {
      break;
    }
    if (argument == kLangOption) {
      requested = i + 1 < arguments.size() ? arguments.at(++i) : QString();
    } else if (argument.startsWith(kLangOption + QLatin1Char('='))) {
      requested = argument.mid(kLangOption.size() + 1);
    }
  }
  return requested;
}

QString Language::match(const QString& requested) {
  if (requested.isEmpty()) {
    return {};
  }
  const QStringList codes = available();
  QString normalized = requested;
  normalized.replace(QLatin1Char('-'), QLatin1Char('_'));
  if (codes.contains(normalized)) {
    return normalized;
  }
  // QLocale turns "zh_Hans_CN" into "zh_CN" and "en_US" into "en_US"; then try the bare language
  // ("en"), but never swap one regional variant for another (zh_TW is not zh_CN).
  const QLocale locale(normalized);
  if (locale.language() == QLocale::C) {
    return {};
  }
  if (codes.contains(locale.name())) {
    return locale.name();
  }
  const QString language = locale.name().section(QLatin1Char('_'), 0, 0);
  return codes.contains(language) ? language : QString();
}

LanguageChoice Language::choose(const QStringList& arguments, const QLocale& systemLocale) {
  const QString fallback = QLatin1String(kFallbackCode);
  if (const std::optional<QString> requested = requestedFromArguments(arguments)) {
    const QString code = match(*requested);
    if (!code.isEmpty()) {
      return {code, {}};
    }
    const QString list = available().join(QLatin1String(", "));
    if (requested->isEmpty()) {
      return {fallback,
              QStringLiteral("--lang needs a language code (available: %1); using English.")
                  .arg(list)};
    }
    return {fallback, QStringLiteral("Unknown language \"%1\" for --lang (available: %2); using "
                                     "English.")
                          .arg(*requested, list)};
  }
  for (const QString& uiLanguage : systemLocale.uiLanguages()) {
    const QString code = match(uiLanguage);
    if (!code.isEmpty()) {
      return {code, {}};
    }
  }
  return {fallback, {}};
}

bool Language::apply(const QString& code) {
  removeTranslators();
  auto appTranslator = std::make_unique<QTranslator>();
  if (!appTranslator->load(QStringLiteral("pier_") + code, QLatin1String(kResourceDir))) {
    return false;
  }
  QCoreApplication::installTranslator(appTranslator.get());
  m_appTranslator = std::move(appTranslator);

  auto qtTranslator = std::make_unique<QTranslator>();
  if (qtTranslator->load(QStringLiteral("qtbase_") + code,
                         QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
    QCoreApplication::installTranslator(qtTranslator.get());
    m_qtTranslator = std::move(qtTranslator);
  }
  QLocale::setDefault(QLocale(code));
  m_current = code;
  return true;
}

void Language::removeTranslators() {
  if (m_appTranslator) {
    QCoreApplication::removeTranslator(m_appTranslator.get());
    m_appTranslator.reset();
  }
  if (m_qtTranslator) {
    QCoreApplication::removeTranslator(m_qtTranslator.get());
    m_qtTranslator.reset();
  }
  m_current.clear();
}

}  // namespace pier
