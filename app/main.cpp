// pier: the desktop console. Everything lives in pier_app_lib; this only wires it together.
#include "pages/app_icon.h"
#include "pages/main_window.h"
#include "settings/language.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTextStream>
#include <QTimer>

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
  parser.addOption({QStringLiteral("bootstrap"),
                    QCoreApplication::translate("main", "Connect at start to the cluster with these bootstrap servers."),
                    QStringLiteral("host:port[,host:port...]")});
  parser.addOption({QStringLiteral("connection-name"),
                    QCoreApplication::translate("main", "The name shown for the --bootstrap connection."),
                    QStringLiteral("name")});
  parser.addOption({QStringLiteral("page"),
                    QCoreApplication::translate("main", "The page to show first: overview, topics, groups, messages, charts or file."),
                    QStringLiteral("page")});
  parser.addOption({QStringLiteral("topic"),
                    QCoreApplication::translate("main", "On the topics and messages pages, select this topic once it is known."),
                    QStringLiteral("name")});
  parser.addOption({QStringLiteral("group"),
                    QCoreApplication::translate("main", "On the groups page, select this consumer group once it is known."),
                    QStringLiteral("group")});
  parser.addOption({QStringLiteral("dialog"),
                    QCoreApplication::translate("main", "With --topic: open this topic's configs or produce dialog."),
                    QStringLiteral("configs|produce")});
  parser.addOption({QStringLiteral("template"),
                    QCoreApplication::translate("main", "With --dialog produce: load this saved template."),
                    QStringLiteral("name")});
  parser.addOption({QStringLiteral("refresh-seconds"),
                    QCoreApplication::translate("main", "Ask the cluster again every N seconds (remembered)."),
                    QStringLiteral("N")});
  parser.addPositionalArgument(
      QStringLiteral("file"),
      QCoreApplication::translate("main", "A local file to show read-only in the hex view."),
      QStringLiteral("[file]"));
  parser.process(app);

  pier::MainWindow window;
  if (parser.isSet(QStringLiteral("refresh-seconds"))) {
    bool ok = false;
    const int seconds = parser.value(QStringLiteral("refresh-seconds")).toInt(&ok);
    if (ok && seconds >= 1 && seconds <= 3600) {
      window.setRefreshIntervalMs(seconds * 1000);
    } else {
      QTextStream(stderr) << "pier: warning: --refresh-seconds wants 1 to 3600, not \""
                          << parser.value(QStringLiteral("refresh-seconds")) << "\"; keeping the current interval."
                          << Qt::endl;
    }
  }
  if (parser.isSet(QStringLiteral("bootstrap"))) {
    pier::ConnectionSettings settings;
    settings.bootstrap = parser.value(QStringLiteral("bootstrap"));
    settings.name = parser.isSet(QStringLiteral("connection-name")) ? parser.value(QStringLiteral("connection-name"))
                                                                    : settings.bootstrap;
    window.connectTo(settings);
  }
  if (!parser.positionalArguments().isEmpty()) {
    window.openFile(parser.positionalArguments().constFirst());
  }
  if (parser.isSet(QStringLiteral("page"))) {
    const QString page = parser.value(QStringLiteral("page"));
    if (page == u"topics") {
      window.showPage(pier::MainWindow::Page::Topics);
    } else if (page == u"groups") {
      window.showPage(pier::MainWindow::Page::Groups);
    } else if (page == u"messages") {
      window.showPage(pier::MainWindow::Page::Messages);
    } else if (page == u"charts") {
      window.showPage(pier::MainWindow::Page::Charts);
    } else if (page == u"file") {
      window.showPage(pier::MainWindow::Page::File);
    } else if (page != u"overview") {
      QTextStream(stderr) << "pier: warning: unknown --page \"" << page << "\"; showing the overview." << Qt::endl;
    }
  }
  if (parser.isSet(QStringLiteral("group"))) {
    window.selectGroupWhenKnown(parser.value(QStringLiteral("group")));
  }
  if (parser.isSet(QStringLiteral("topic"))) {
    window.selectTopicWhenKnown(parser.value(QStringLiteral("topic")));
  }
  if (const QString dialog = parser.value(QStringLiteral("dialog")); !dialog.isEmpty()) {
    if (dialog == u"configs" || dialog == u"produce") {
      window.openTopicDialogWhenKnown(dialog, parser.value(QStringLiteral("template")));
    } else {
      QTextStream(stderr) << "pier: warning: unknown --dialog \"" << dialog << "\"; opening none." << Qt::endl;
    }
  }
  window.show();
  if (qEnvironmentVariableIsSet("PIER_EXIT_AFTER_FIRST_WINDOW")) {
    // For bench/console: the start-to-first-window time includes one full event-loop pass.
    QTimer::singleShot(0, &app, [] { QApplication::quit(); });
  }
  return QApplication::exec();
}
