// Produce templates: ProduceTemplates in SQLite (save, load, overwrite, delete, names sorted; the
// table made on first use; everything still there after reopening the database) and the
// Produce dialog's form saved as a template and loaded back field by field.
#include "dialogs/produce_dialog.h"
#include "session/cluster_session.h"
#include "settings/produce_templates.h"

#include <QComboBox>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace pier;

namespace {

ProduceTemplate orderTemplate() {
  return {"order created",
          "orders",
          2,
          "json",
          R"({"id": 7})",
          "hex",
          "de ad be ef",
          {{"trace-id", "abc"}, {"source", ""}},
          5};
}

bool tableExists(const QString& path) {
  bool exists = false;
  {
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
    db.setDatabaseName(path);
    QSqlQuery q(db);
    exists =
        db.open() &&
        q.exec(QStringLiteral(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='produce_template'")) &&
        q.next();
  }
  QSqlDatabase::removeDatabase(QStringLiteral("probe"));
  return exists;
}

}  // namespace

class TestProduceTemplates : public QObject {
  Q_OBJECT

 private slots:
  void saveLoadOverwriteDelete();
  void survivesReopening();
  void dialogRoundTrip();
};

void TestProduceTemplates::saveLoadOverwriteDelete() {
  QTemporaryDir dir;
  const QString path = dir.filePath("pier.sqlite");
  ProduceTemplates store(path);
  QVERIFY(!store.load("order created").has_value());
  QVERIFY(store.names().isEmpty());
  QVERIFY(tableExists(path));  // made by the first use
  QVERIFY(store.save(orderTemplate()));
  QCOMPARE(store.load("order created"), std::optional<ProduceTemplate>(orderTemplate()));

  ProduceTemplate other = orderTemplate();
  other.name = "Audit";
  other.keyFormat = "null";
  other.keyText.clear();
  other.headers.clear();
  QVERIFY(store.save(other));
  QCOMPARE(store.names(), (QStringList{"Audit", "order created"}));

  ProduceTemplate changed = orderTemplate();
  changed.valueFormat = "text";
  changed.valueText = "hello";
  changed.repeat = 1;
  QVERIFY(store.save(changed));  // same name: replaced
  QCOMPARE(store.names().size(), 2);
  QCOMPARE(store.load("order created")->valueText, QStringLiteral("hello"));
  QCOMPARE(store.load("Audit")->headers, (QList<QPair<QString, QString>>{}));

  QVERIFY(store.remove("order created"));
  QVERIFY(!store.remove("order created"));
  QVERIFY(!store.load("order created").has_value());
  QCOMPARE(store.names(), QStringList{"Audit"});
  ProduceTemplate unnamed = orderTemplate();
  unnamed.name = "  ";
  QVERIFY(!store.save(unnamed));
}

void TestProduceTemplates::survivesReopening() {
  QTemporaryDir dir;
  const QString path = dir.filePath("nested/pier.sqlite");
  {
    ProduceTemplates store(path);
    QVERIFY(store.save(orderTemplate()));
  }
  QVERIFY(tableExists(path));
  ProduceTemplates reopened(path);
  QCOMPARE(reopened.names(), QStringList{"order created"});
  QCOMPARE(reopened.load("order created"), std::optional<ProduceTemplate>(orderTemplate()));
}

void TestProduceTemplates::dialogRoundTrip() {
  QTemporaryDir dir;
  ProduceTemplates store(dir.filePath("pier.sqlite"));
  ClusterSession session;
  ProduceDialog dialog(&session, &store, {"orders", "audit"}, "audit");
  auto* templates = dialog.findChild<QComboBox*>("templates");
  QVERIFY(templates != nullptr);
  QCOMPARE(templates->count(), 0);

  dialog.applyTemplate(orderTemplate());
  QCOMPARE(dialog.findChild<QComboBox*>("topic")->currentText(), QStringLiteral("orders"));
  QCOMPARE(dialog.findChild<QSpinBox*>("partition")->value(), 2);
  QCOMPARE(dialog.findChild<QComboBox*>("keyFormat")->currentText(), QStringLiteral("JSON"));
  QCOMPARE(dialog.findChild<QPlainTextEdit*>("valueText")->toPlainText(),
           QStringLiteral("de ad be ef"));
  QCOMPARE(dialog.findChild<QTableWidget*>("headers")->item(0, 0)->text(),
           QStringLiteral("trace-id"));
  QVERIFY(dialog.saveTemplate("order created"));
  QCOMPARE(store.load("order created"), std::optional<ProduceTemplate>(orderTemplate()));
  QCOMPARE(templates->count(), 1);
  QCOMPARE(templates->currentText(), QStringLiteral("order created"));

  // Change the form, then load the template back over it.
  dialog.findChild<QComboBox*>("topic")->setCurrentText("audit");
  dialog.findChild<QComboBox*>("valueFormat")->setCurrentIndex(4);  // Null
  dialog.findChild<QSpinBox*>("repeat")->setValue(1);
  dialog.findChild<QTableWidget*>("headers")->clearContents();
  QVERIFY(dialog.loadTemplate("order created"));
  QCOMPARE(dialog.formAsTemplate("order created"), orderTemplate());
  const std::optional<ProduceRequest> r = [&] {
    QString problem;
    return dialog.request(&problem);
  }();
  QVERIFY(r.has_value());
  QCOMPARE(r->key, std::optional<QByteArray>(R"({"id": 7})"));
  QCOMPARE(r->value, std::optional<QByteArray>(QByteArray::fromHex("deadbeef")));
  QCOMPARE(r->repeat, 5);

  QVERIFY(!dialog.loadTemplate("missing"));
  QVERIFY(dialog.deleteTemplate("order created"));
  QCOMPARE(templates->count(), 0);
  QVERIFY(store.names().isEmpty());
}

QTEST_MAIN(TestProduceTemplates)
#include "tst_produce_templates.moc"
