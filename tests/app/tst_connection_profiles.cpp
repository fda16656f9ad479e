// Tests for saved connections: SQLite profiles (save, update keeping last use, order, remove),
// secret properties never written to the database file, the Connect dialog (properties text,
// choosing a saved profile, which secrets must come from the keychain), and the keychain store
// (a round trip where a keychain exists; a clear error and nothing stored where none does).
#include "dialogs/connect_dialog.h"
#include "settings/connection_profiles.h"
#include "settings/secret_store.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace pier;

namespace {

ConnectionSettings prodSettings() {
  ConnectionSettings s;
  s.name = QStringLiteral("prod");
  s.bootstrap = QStringLiteral("kafka-1:9093,kafka-2:9093");
  s.coordinator = QStringLiteral("zk:2181");
  s.colour = QStringLiteral("#d9534f");
  s.properties = {{"security.protocol", "SASL_SSL"},
                  {"sasl.mechanism", "PLAIN"},
                  {"sasl.username", "ops"},
                  {"sasl.password", "hunter2-very-secret"},
                  {"ssl.key.password", "another-secret"}};
  return s;
}

}  // namespace

class TestConnectionProfiles : public QObject {
  Q_OBJECT

 private slots:
  void saveFindListRemove();
  void secretsNeverReachTheDatabase();
  void badDatabasePathIsAnError();
  void propertiesText_data();
  void propertiesText();
  void dialogChoosesSavedProfile();
  void keychainRoundTripOrClearError();
};

void TestConnectionProfiles::saveFindListRemove() {
  QTemporaryDir dir;
  ConnectionProfiles profiles(dir.filePath("pier.sqlite"));
  QVERIFY2(profiles.isOpen(), qPrintable(profiles.errorString()));
  QVERIFY(profiles.list().isEmpty());
  QVERIFY(profiles.save(prodSettings()));
  QVERIFY(profiles.save({"local", "127.0.0.1:9092", {}, {}, {}}));
  QVERIFY(profiles.markUsed("local", 2000));
  QVERIFY(profiles.markUsed("prod", 1000));

  QList<ConnectionProfile> all = profiles.list();
  QCOMPARE(all.size(), 2);
  QCOMPARE(all[0].settings.name, QStringLiteral("local"));  // most recently used first
  const std::optional<ConnectionProfile> prod = profiles.find("prod");
  QVERIFY(prod);
  QCOMPARE(prod->settings.bootstrap, QStringLiteral("kafka-1:9093,kafka-2:9093"));
  QCOMPARE(prod->settings.coordinator, QStringLiteral("zk:2181"));
  QCOMPARE(prod->settings.colour, QStringLiteral("#d9534f"));
  QCOMPARE(prod->settings.properties.size(), 3);
  QCOMPARE(prod->secretKeys, (QStringList{"sasl.password", "ssl.key.password"}));
  QCOMPARE(prod->lastUsedMs, 1000);

  ConnectionSettings changed = prodSettings();
  changed.bootstrap = "kafka-3:9093";
  QVERIFY(profiles.save(changed));  // an update keeps the last use
  QCOMPARE(profiles.find("prod")->settings.bootstrap, QStringLiteral("kafka-3:9093"));
  QCOMPARE(profiles.find("prod")->lastUsedMs, 1000);

  QVERIFY(profiles.remove("local"));
  QCOMPARE(profiles.list().size(), 1);
  QVERIFY(!profiles.find("local"));

  // Reopened: still there.
  ConnectionProfiles again(dir.filePath("pier.sqlite"));
  QCOMPARE(again.list().size(), 1);
}

void TestConnectionProfiles::secretsNeverReachTheDatabase() {
  QTemporaryDir dir;
  {
    ConnectionProfiles profiles(dir.filePath("pier.sqlite"));
    QVERIFY(profiles.save(prodSettings()));
  }
  QByteArray bytes;
  for (const QString& name : QDir(dir.path()).entryList(QDir::Files)) {  // the database and any journal
    QFile f(dir.filePath(name));
    QVERIFY(f.open(QIODevice::ReadOnly));
    bytes += f.readAll();
  }
  QVERIFY(bytes.contains("kafka-1:9093"));
  QVERIFY(!bytes.contains("hunter2-very-secret"));
  QVERIFY(!bytes.contains("another-secret"));
  QVERIFY(ConnectionProfiles::isSecretKey("sasl.password"));
  QVERIFY(ConnectionProfiles::isSecretKey("ssl.keystore.password"));
  QVERIFY(ConnectionProfiles::isSecretKey("sasl.oauthbearer.client.secret"));
  QVERIFY(!ConnectionProfiles::isSecretKey("sasl.username"));
}

void TestConnectionProfiles::badDatabasePathIsAnError() {
  QTemporaryDir dir;
  QFile blocker(dir.filePath("not-a-dir"));
  QVERIFY(blocker.open(QIODevice::WriteOnly));
  blocker.close();
  ConnectionProfiles profiles(dir.filePath("not-a-dir/pier.sqlite"));
  QVERIFY(!profiles.isOpen());
  QVERIFY(!profiles.errorString().isEmpty());
  QVERIFY(!profiles.save(prodSettings()));
}

void TestConnectionProfiles::propertiesText_data() {
  QTest::addColumn<QString>("text");
  QTest::addColumn<int>("count");
  QTest::addColumn<QString>("problem");
  QTest::newRow("pairs") << "a=1\nb = two\n" << 2 << "";
  QTest::newRow("comments and blanks") << "# x\n! y\n\nc: 3" << 1 << "";
  QTest::newRow("equals in value") << "sasl.jaas.config=a=b" << 1 << "";
  QTest::newRow("bad line") << "a=1\njust words\n" << 1 << "Line 2 is not key=value: just words";
}

void TestConnectionProfiles::propertiesText() {
  QFETCH(QString, text);
  QFETCH(int, count);
  QFETCH(QString, problem);
  QString found;
  const auto properties = ConnectDialog::parseProperties(text, &found);
  QCOMPARE(properties.size(), count);
  QCOMPARE(found, problem);
}

void TestConnectionProfiles::dialogChoosesSavedProfile() {
  ConnectionProfile prod = ConnectionProfiles::withoutSecrets(prodSettings());
  ConnectDialog dialog({prod});
  dialog.chooseProfile(0);
  QCOMPARE(dialog.findChild<QLineEdit*>("bootstrapServers")->text(), QStringLiteral("kafka-1:9093,kafka-2:9093"));
  QCOMPARE(dialog.settings().colour, QStringLiteral("#d9534f"));
  QCOMPARE(dialog.secretKeysToRead(), (QStringList{"sasl.password", "ssl.key.password"}));
  auto* properties = dialog.findChild<QPlainTextEdit*>("clientProperties");
  QVERIFY(!properties->toPlainText().contains("password"));
  properties->setPlainText(properties->toPlainText() + "\nsasl.password=typed-now");
  QCOMPARE(dialog.secretKeysToRead(), QStringList{"ssl.key.password"});  // the typed one wins
  QVERIFY(dialog.saveProfile());
  dialog.chooseProfile(-1);  // "New connection"
  QVERIFY(dialog.secretKeysToRead().isEmpty());
}

void TestConnectionProfiles::keychainRoundTripOrClearError() {
  SecretStore store;
  const QString profile = QStringLiteral("pier-test-%1").arg(QCoreApplication::applicationPid());
  QString writeError = QStringLiteral("<no answer>");
  store.write(profile, {{"sasl.password", "round-trip"}}, [&](const QString& e) { writeError = e; });
  QTRY_VERIFY_WITH_TIMEOUT(writeError != QStringLiteral("<no answer>"), 30000);
  SecretStore::Properties found;
  QString readError = QStringLiteral("<no answer>");
  store.read(profile, {"sasl.password"}, [&](const SecretStore::Properties& f, const QString& e) {
    found = f;
    readError = e;
  });
  QTRY_VERIFY_WITH_TIMEOUT(readError != QStringLiteral("<no answer>"), 30000);
  if (writeError.isEmpty()) {  // a keychain exists here: the value comes back
    QCOMPARE(found, (SecretStore::Properties{{"sasl.password", "round-trip"}}));
    store.remove(profile, {"sasl.password"});
  } else {  // none (a CI machine): an explanation, and no value from anywhere
    qInfo("no keychain here: %s", qPrintable(writeError));
    QVERIFY(found.isEmpty());
    QVERIFY(!readError.isEmpty());
  }
}

QTEST_MAIN(TestConnectionProfiles)
#include "tst_connection_profiles.moc"
