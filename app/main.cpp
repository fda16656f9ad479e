// pier: the desktop console. Everything lives in pier_app_lib; this only wires it together.
#include "pages/app_icon.h"
#include "pages/main_window.h"
#include "settings/language.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTextStream>

int main(int argc, char* argv[]) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("pier"));
  QApplication::setOrganizationName(QStringLiteral("Pier"));
  QApplication::setApplicationVersion(QStringLiteral(PIER_VERSION));
  pier::initAppResources();

  // The language is needed before anything user-visible, including --help, is produced.
  pier::Language language;
  const pier::LanguageChoice choice =
      pier::Language::choose(QApplication::arguments(), QLocale::system());
  if (!choice.warning.isEmpty()) {
    QTextStream(stderr) << "pier: warning: " << choice.warning << Qt::endl;
  }
  if (!language.apply(choice.code)) {
    QTextStream(stderr) << "pier: warning: cannot load the \"" << choice.code
                        << "\" translation; using the built-in English texts." << Qt::endl;
  }

  QCommandLineParser parser;
  parser.setApplicationDescription(
      QCoreApplication::translate("main", "Pier desktop console for Kafka-compatible clusters."));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addOption({QStringLiteral("lang"),
                    QCoreApplication::translate("main", "User interface language: %1.")
                        .arg(pier::Language::available().join(QLatin1String(", "))),
                    QStringLiteral("code")});  // stands for a literal code such as zh_CN
  parser.addPositionalArgument(
      QStringLiteral("file"),
      QCoreApplication::translate("main", "A local file to show read-only in the hex view."),
      QStringLiteral("[file]"));
  parser.process(app);

  pier::MainWindow window;
  if (!parser.positionalArguments().isEmpty()) {
    window.openFile(parser.positionalArguments().constFirst());
  }
  window.show();
  return QApplication::exec();
}
