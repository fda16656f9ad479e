// Tests for MainWindow: translated texts in English and Simplified Chinese, and opening local
// files read-only into the hex view.
#include "pages/app_icon.h"
#include "pages/main_window.h"
#include "settings/language.h"
#include "viewers/hex_dump_view.h"

#include <QAbstractButton>
#include <QDir>
#include <QLabel>
#include <QLibraryInfo>
#include <QMenu>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QStandardPaths>
#include <QTest>

using pier::HexDumpView;
using pier::Language;
using pier::MainWindow;

namespace {

QString fileMenuTitle(const MainWindow& window) {
  const auto* menu = window.findChild<QMenu*>(QStringLiteral("fileMenu"));
  return menu ? menu->title() : QString();
}

QString labelText(const MainWindow& window, const QString& name) {
  const auto* label = window.findChild<QLabel*>(name);
  return label ? label->text() : QStringLiteral("<no label %1>").arg(name);
}

QByteArray segmentLikeBytes() {
  // The start of a Kafka record batch: base offset 0, then batch length, then arbitrary bytes.
  QByteArray bytes("\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x3d", 12);
  for (int i = 0; i < 200; ++i) {
    bytes.append(static_cast<char>(i * 7));
  }
  return bytes;
}

}  // namespace

class TestMainWindow : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void texts_data();
  void texts();
  void qtOwnTranslationIsLoaded();
  void languageChangeRetranslatesOpenWindow();
  void openFileShowsItsBytes();
  void openEmptyFile();
  void openFailureKeepsCurrentFile();
  void openDirectoryIsRefused();
};

void TestMainWindow::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);  // saved connections go to a test location
  pier::initAppResources();
  const QStringList codes = Language::available();
  QVERIFY2(codes.contains(QStringLiteral("en")), qPrintable(codes.join(u',')));
  QVERIFY2(codes.contains(QStringLiteral("zh_CN")), qPrintable(codes.join(u',')));
}

void TestMainWindow::texts_data() {
  QTest::addColumn<QString>("code");
  QTest::addColumn<QString>("fileMenu");
  QTest::addColumn<QString>("connection");
  QTest::addColumn<QString>("heading");
  QTest::addColumn<QString>("openButton");

  QTest::newRow("en") << QStringLiteral("en") << QStringLiteral("&File")
                      << QStringLiteral("Not connected") << QStringLiteral("Welcome to Pier")
                      << QStringLiteral("Open File…");
  QTest::newRow("zh_CN") << QStringLiteral("zh_CN") << QStringLiteral("文件(&F)")
                         << QStringLiteral("未连接") << QStringLiteral("欢迎使用 Pier")
                         << QStringLiteral("打开文件…");
}

void TestMainWindow::texts() {
  QFETCH(QString, code);
  QFETCH(QString, fileMenu);
  QFETCH(QString, connection);
  QFETCH(QString, heading);
  QFETCH(QString, openButton);

  Language language;
  QVERIFY(language.apply(code));
  MainWindow window;
  QCOMPARE(window.windowTitle(), QStringLiteral("Pier"));
  QCOMPARE(fileMenuTitle(window), fileMenu);
  QCOMPARE(labelText(window, QStringLiteral("connectionStatus")), connection);
  QCOMPARE(labelText(window, QStringLiteral("welcomeHeading")), heading);
  const auto* button = window.findChild<QAbstractButton*>(QStringLiteral("welcomeOpenFile"));
  QVERIFY(button);
  QCOMPARE(button->text(), openButton);
  // The welcome text must not claim a connection that does not exist.
  QVERIFY(!labelText(window, QStringLiteral("welcomeConnection")).isEmpty());
  QVERIFY(!window.windowIcon().isNull());
}

void TestMainWindow::qtOwnTranslationIsLoaded() {
  const QString qtDir = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
  if (!QFile::exists(qtDir + QStringLiteral("/qtbase_zh_CN.qm"))) {
    QSKIP("qtbase_zh_CN.qm is not installed (Debian: qt6-translations-l10n)");
  }
  Language language;
  QVERIFY(language.apply(QStringLiteral("zh_CN")));
  QVERIFY(language.hasQtTranslation());
  // A string Qt's own dialogs use.
  QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("取消"));
}

void TestMainWindow::languageChangeRetranslatesOpenWindow() {
  Language language;
  QVERIFY(language.apply(QStringLiteral("en")));
  MainWindow window;
  QCOMPARE(fileMenuTitle(window), QStringLiteral("&File"));
  QVERIFY(language.apply(QStringLiteral("zh_CN")));
  QCoreApplication::processEvents();
  QCOMPARE(fileMenuTitle(window), QStringLiteral("文件(&F)"));
  QCOMPARE(labelText(window, QStringLiteral("connectionStatus")), QStringLiteral("未连接"));
}

void TestMainWindow::openFileShowsItsBytes() {
  Language language;
  QVERIFY(language.apply(QStringLiteral("en")));
  QTemporaryFile file(QDir::tempPath() + QStringLiteral("/tst_main_window_XXXXXX.log"));
  QVERIFY(file.open());
  const QByteArray bytes = segmentLikeBytes();
  QCOMPARE(file.write(bytes), qint64(bytes.size()));
  file.close();

  MainWindow window;
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QVERIFY(!window.hexView()->isVisible());
  QVERIFY(window.openFile(file.fileName()));

  QCOMPARE(window.openFilePath(), file.fileName());
  QCOMPARE(window.hexView()->data(), bytes);
  QVERIFY(window.hexView()->isVisible());
  QCOMPARE(window.hexView()->rowText(0),
           HexDumpView::formatRow(bytes.left(16), 0));
  QVERIFY(window.windowTitle().startsWith(QFileInfo(file.fileName()).fileName()));
  QCOMPARE(labelText(window, QStringLiteral("offsetStatus")), QStringLiteral("Offset 0 (0x0)"));
  QVERIFY(labelText(window, QStringLiteral("fileHeader")).contains(QStringLiteral("read-only")));

  window.hexView()->setCurrentOffset(200);
  QCOMPARE(labelText(window, QStringLiteral("offsetStatus")), QStringLiteral("Offset 200 (0xc8)"));

  window.closeFile();
  QVERIFY(window.hexView()->data().isEmpty());
  QVERIFY(!window.hexView()->isVisible());
  QCOMPARE(window.windowTitle(), QStringLiteral("Pier"));
  QCOMPARE(window.openFilePath(), QString());
}

void TestMainWindow::openEmptyFile() {
  Language language;
  QVERIFY(language.apply(QStringLiteral("en")));
  QTemporaryFile file;
  QVERIFY(file.open());
  file.close();
  MainWindow window;
  QVERIFY(window.openFile(file.fileName()));
  QVERIFY(window.hexView()->data().isEmpty());
  QCOMPARE(window.hexView()->currentOffset(), qint64(-1));
  QCOMPARE(labelText(window, QStringLiteral("offsetStatus")), QStringLiteral("Empty file"));
}

void TestMainWindow::openFailureKeepsCurrentFile() {
  Language language;
  QVERIFY(language.apply(QStringLiteral("en")));
  QTemporaryFile file;
  QVERIFY(file.open());
  file.write("abc");
  file.close();
  QTemporaryDir dir;
  const QString missing = dir.filePath(QStringLiteral("does-not-exist.log"));

  MainWindow window;
  QVERIFY(window.openFile(file.fileName()));
  QVERIFY(!window.openFile(missing));
  QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("does not exist")),
           qPrintable(window.statusBar()->currentMessage()));
  QCOMPARE(window.openFilePath(), file.fileName());
  QCOMPARE(window.hexView()->data(), QByteArray("abc"));
}

void TestMainWindow::openDirectoryIsRefused() {
  Language language;
  QVERIFY(language.apply(QStringLiteral("zh_CN")));
  QTemporaryDir dir;
  MainWindow window;
  QVERIFY(!window.openFile(dir.path()));
  QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("不是普通文件")),
           qPrintable(window.statusBar()->currentMessage()));
  QCOMPARE(window.openFilePath(), QString());
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
