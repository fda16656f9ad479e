// Tests for Language: which UI language Pier picks from --lang and the system locale, and that
// applying a language installs its translation.
#include "pages/app_icon.h"
#include "settings/language.h"

#include <QCoreApplication>
#include <QTest>

using pier::Language;

class TestLanguage : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void requestedFromArguments_data();
  void requestedFromArguments();
  void choose_data();
  void choose();
  void apply_data();
  void apply();
  void applyUnknownInstallsNothing();
};

void TestLanguage::initTestCase() { pier::initAppResources(); }

void TestLanguage::requestedFromArguments_data() {
  QTest::addColumn<QStringList>("arguments");
  QTest::addColumn<bool>("given");
  QTest::addColumn<QString>("value");

  const QString pier = QStringLiteral("pier");
  QTest::newRow("none") << QStringList{pier} << false << QString();
  QTest::newRow("separate value") << QStringList{pier, "--lang", "zh_CN"} << true << "zh_CN";
  QTest::newRow("equals") << QStringList{pier, "--lang=zh_CN"} << true << "zh_CN";
  QTest::newRow("missing value") << QStringList{pier, "--lang"} << true << QString();
  QTest::newRow("last wins") << QStringList{pier, "--lang=en", "--lang", "zh_CN"} << true
                             << "zh_CN";
  QTest::newRow("after --") << QStringList{pier, "--", "--lang=zh_CN"} << false << QString();
  QTest::newRow("program name ignored") << QStringList{"--lang=zh_CN"} << false << QString();
}

void TestLanguage::requestedFromArguments() {
  QFETCH(QStringList, arguments);
  QFETCH(bool, given);
  QFETCH(QString, value);
  const std::optional<QString> requested = Language::requestedFromArguments(arguments);
  QCOMPARE(requested.has_value(), given);
  if (given) {
    QCOMPARE(*requested, value);
  }
}

void TestLanguage::choose_data() {
  QTest::addColumn<QStringList>("arguments");
  QTest::addColumn<QString>("system");
  QTest::addColumn<QString>("code");
  QTest::addColumn<bool>("warns");

  const QString pier = QStringLiteral("pier");
  QTest::newRow("--lang zh_CN") << QStringList{pier, "--lang", "zh_CN"} << "en_US" << "zh_CN"
                                << false;
  QTest::newRow("--lang=zh_CN") << QStringList{pier, "--lang=zh_CN"} << "en_US" << "zh_CN" << false;
  QTest::newRow("--lang zh-CN") << QStringList{pier, "--lang", "zh-CN"} << "en_US" << "zh_CN"
                                << false;
  QTest::newRow("command line beats system")
      << QStringList{pier, "--lang", "en"} << "zh_CN" << "en" << false;
  QTest::newRow("unknown code") << QStringList{pier, "--lang", "xx"} << "zh_CN" << "en" << true;
  QTest::newRow("untranslated language")
      << QStringList{pier, "--lang=fr"} << "zh_CN" << "en" << true;
  QTest::newRow("other Chinese variant")
      << QStringList{pier, "--lang=zh_TW"} << "en_US" << "en" << true;
  QTest::newRow("--lang without value") << QStringList{pier, "--lang"} << "zh_CN" << "en" << true;
  QTest::newRow("system zh_CN") << QStringList{pier} << "zh_CN" << "zh_CN" << false;
  QTest::newRow("system en_GB") << QStringList{pier} << "en_GB" << "en" << false;
  QTest::newRow("system fr_FR") << QStringList{pier} << "fr_FR" << "en" << false;
  QTest::newRow("system zh_TW") << QStringList{pier} << "zh_TW" << "en" << false;
}

void TestLanguage::choose() {
  QFETCH(QStringList, arguments);
  QFETCH(QString, system);
  QFETCH(QString, code);
  QFETCH(bool, warns);
  const pier::LanguageChoice choice = Language::choose(arguments, QLocale(system));
  QCOMPARE(choice.code, code);
  QCOMPARE(!choice.warning.isEmpty(), warns);
  if (warns) {
    QVERIFY2(choice.warning.contains(QStringLiteral("English")), qPrintable(choice.warning));
  }
}

void TestLanguage::apply_data() {
  QTest::addColumn<QString>("code");
  QTest::addColumn<QString>("file");
  QTest::addColumn<QString>("notConnected");
  QTest::newRow("en") << "en" << "&File" << "Not connected";
  QTest::newRow("zh_CN") << "zh_CN" << "文件(&F)" << "未连接";
}

void TestLanguage::apply() {
  QFETCH(QString, code);
  QFETCH(QString, file);
  QFETCH(QString, notConnected);
  Language language;
  QVERIFY(language.apply(code));
  QCOMPARE(language.current(), code);
  QCOMPARE(QCoreApplication::translate("pier::MainWindow", "&File"), file);
  QCOMPARE(QCoreApplication::translate("pier::MainWindow", "Not connected"), notConnected);
  QCOMPARE(QLocale().name().left(2), code.left(2));
}

void TestLanguage::applyUnknownInstallsNothing() {
  {
    Language language;
    QVERIFY(language.apply(QStringLiteral("zh_CN")));
    QVERIFY(!language.apply(QStringLiteral("xx")));
    QCOMPARE(language.current(), QString());
    QCOMPARE(QCoreApplication::translate("pier::MainWindow", "&File"), QStringLiteral("&File"));
  }
}

QTEST_GUILESS_MAIN(TestLanguage)
#include "tst_language.moc"
