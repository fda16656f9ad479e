// The topic config editor: TopicConfigModel (what the user changed becomes exactly the keys sent:
// SET for a changed value, DELETE for a reset override; values edited back are not sent;
// read-only keys are not editable) under QAbstractItemModelTester, and TopicConfigDialog over a
// fake TopicConfigClient: Apply sends only the changes, success re-reads the configs, a broker
// error shows by name with a hint and keeps the edits.
#include "dialogs/topic_config_dialog.h"
#include "models/topic_config_model.h"
#include "pages/message_banner.h"
#include "session/topic_config_client.h"

#include <QAbstractItemModelTester>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QtTest>

using namespace pier;

namespace {

QList<TopicConfigEntry> sampleConfigs() {
  return {
      {"retention.ms", "60000", true, ConfigSource::TopicOverride, false, false},
      {"cleanup.policy", "compact", true, ConfigSource::TopicOverride, false, false},
      {"segment.bytes", "1073741824", true, ConfigSource::Default, false, false},
      {"max.message.bytes", "1048588", true, ConfigSource::StaticBroker, false, false},
      {"broker.only", "x", true, ConfigSource::StaticBroker, true, false},
      {"sasl.secret", "", false, ConfigSource::TopicOverride, false, true},
  };
}

// Records what the dialog asks for; the test answers by emitting the signals.
class FakeConfigClient : public TopicConfigClient {
 public:
  int describeTopicConfigs(const QString& topic) override {
    describes.append(topic);
    return ++m_nextId;
  }
  int alterTopicConfigs(const QString& topic, const QList<TopicConfigChange>& changes) override {
    alters.append({topic, changes});
    return ++m_nextId;
  }
  int lastId() const { return m_nextId; }

  QStringList describes;
  QList<QPair<QString, QList<TopicConfigChange>>> alters;

 private:
  int m_nextId = 100;
};

TopicConfigChange set(const QString& name, const QString& value) {
  return {name, false, value};
}
TopicConfigChange reset(const QString& name) {
  return {name, true, {}};
}

}  // namespace

class TestTopicConfigEditor : public QObject {
  Q_OBJECT

 private slots:
  void rowsSortedWithSourceAndFlags();
  void onlyChangedKeysAreSent();
  void resetOfOverrideIsDelete();
  void readOnlyIsNotEditable();
  void refreshKeepsEditsOfRemainingKeys();
  void dialogSendsOnlyChangesAndRereads();
  void dialogShowsBrokerErrorAndKeepsEdits();
};

void TestTopicConfigEditor::rowsSortedWithSourceAndFlags() {
  TopicConfigModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setConfigs(sampleConfigs());
  QCOMPARE(model.rowCount(), 6);
  QCOMPARE(model.index(0, TopicConfigModel::NameColumn).data().toString(),
           QStringLiteral("broker.only"));
  const int retention = model.rowOf("retention.ms");
  QCOMPARE(model.index(retention, TopicConfigModel::ValueColumn).data().toString(),
           QStringLiteral("60000"));
  QCOMPARE(model.index(retention, TopicConfigModel::SourceColumn).data().toString(),
           QStringLiteral("topic override"));
  QCOMPARE(
      model.index(model.rowOf("segment.bytes"), TopicConfigModel::SourceColumn).data().toString(),
      QStringLiteral("default"));
  QCOMPARE(model.index(model.rowOf("broker.only"), TopicConfigModel::NotesColumn).data().toString(),
           QStringLiteral("read-only"));
  QCOMPARE(model.index(model.rowOf("sasl.secret"), TopicConfigModel::ValueColumn).data().toString(),
           QStringLiteral("(hidden)"));
  QVERIFY(!model.hasChanges());
  QVERIFY(model.changes().isEmpty());
}

void TestTopicConfigEditor::onlyChangedKeysAreSent() {
  TopicConfigModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setConfigs(sampleConfigs());
  const auto value = [&](const char* name) {
    return model.index(model.rowOf(name), TopicConfigModel::ValueColumn);
  };
  QVERIFY(model.setData(value("segment.bytes"), "1073741824"));  // the same value: nothing to send
  QVERIFY(model.changes().isEmpty());
  QVERIFY(model.setData(value("retention.ms"), "120000"));
  QVERIFY(model.setData(value("max.message.bytes"), "2000000"));
  QVERIFY(model.index(model.rowOf("retention.ms"), 0).data(TopicConfigModel::ChangedRole).toBool());
  QCOMPARE(value("retention.ms").data().toString(), QStringLiteral("120000"));
  QCOMPARE(model.changes(), (QList<TopicConfigChange>{set("max.message.bytes", "2000000"),
                                                      set("retention.ms", "120000")}));
  // Edited back to what the broker has: no longer sent.
  QVERIFY(model.setData(value("max.message.bytes"), "1048588"));
  QCOMPARE(model.changes(), (QList<TopicConfigChange>{set("retention.ms", "120000")}));
  model.discardEdits();
  QVERIFY(model.changes().isEmpty());
  QCOMPARE(value("retention.ms").data().toString(), QStringLiteral("60000"));
}

void TestTopicConfigEditor::resetOfOverrideIsDelete() {
  TopicConfigModel model;
  model.setConfigs(sampleConfigs());
  QSignalSpy edits(&model, &TopicConfigModel::editsChanged);
  QVERIFY(model.resetToDefault(model.rowOf("cleanup.policy")));
  QCOMPARE(edits.size(), 1);
  QCOMPARE(
      model.index(model.rowOf("cleanup.policy"), TopicConfigModel::ValueColumn).data().toString(),
      QStringLiteral("(default after apply)"));
  // A key that is not overridden has nothing to reset; its pending edit is dropped instead.
  QVERIFY(!model.resetToDefault(model.rowOf("segment.bytes")));
  QVERIFY(model.setData(model.index(model.rowOf("segment.bytes"), TopicConfigModel::ValueColumn),
                        "1024"));
  QVERIFY(model.resetToDefault(model.rowOf("segment.bytes")));
  // An override changed and then reset is a DELETE, not a SET.
  QVERIFY(
      model.setData(model.index(model.rowOf("retention.ms"), TopicConfigModel::ValueColumn), "1"));
  QVERIFY(model.resetToDefault(model.rowOf("retention.ms")));
  QCOMPARE(model.changes(),
           (QList<TopicConfigChange>{reset("cleanup.policy"), reset("retention.ms")}));
}

void TestTopicConfigEditor::readOnlyIsNotEditable() {
  TopicConfigModel model;
  model.setConfigs(sampleConfigs());
  const QModelIndex readOnly =
      model.index(model.rowOf("broker.only"), TopicConfigModel::ValueColumn);
  QVERIFY(!(model.flags(readOnly) & Qt::ItemIsEditable));
  QVERIFY(!model.setData(readOnly, "y"));
  QVERIFY(!model.resetToDefault(readOnly.row()));
  QVERIFY(model.flags(model.index(model.rowOf("retention.ms"), TopicConfigModel::ValueColumn)) &
          Qt::ItemIsEditable);
  QVERIFY(!(model.flags(model.index(model.rowOf("retention.ms"), TopicConfigModel::NameColumn)) &
            Qt::ItemIsEditable));
  QVERIFY(model.changes().isEmpty());
}

void TestTopicConfigEditor::refreshKeepsEditsOfRemainingKeys() {
  TopicConfigModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setConfigs(sampleConfigs());
  QVERIFY(
      model.setData(model.index(model.rowOf("retention.ms"), TopicConfigModel::ValueColumn), "5"));
  QVERIFY(model.resetToDefault(model.rowOf("cleanup.policy")));
  QList<TopicConfigEntry> next = sampleConfigs();
  next.removeIf([](const TopicConfigEntry& e) { return e.name == u"cleanup.policy"; });
  QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
  QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
  model.setConfigs(next);
  QCOMPARE(removed.size(), 1);
  QCOMPARE(reset.size(), 0);
  QCOMPARE(model.changes(), (QList<TopicConfigChange>{set("retention.ms", "5")}));
}

void TestTopicConfigEditor::dialogSendsOnlyChangesAndRereads() {
  FakeConfigClient client;
  TopicConfigDialog dialog(&client, "orders");
  QSignalSpy altered(&dialog, &TopicConfigDialog::altered);
  QCOMPARE(client.describes, QStringList{"orders"});
  auto* apply = dialog.findChild<QPushButton*>("applyConfigs");
  QVERIFY(apply != nullptr);
  emit client.topicConfigsRead(client.lastId(), {"orders", {}, sampleConfigs()});
  QCOMPARE(dialog.model()->rowCount(), 6);
  QVERIFY(!apply->isEnabled());

  // Through the view, as the user does it: edit one value, reset one override.
  QAbstractItemModel* shown = dialog.view()->model();
  const auto rowOf = [&](const QString& name) {
    for (int row = 0; row < shown->rowCount(); ++row) {
      if (shown->index(row, TopicConfigModel::NameColumn).data().toString() == name) return row;
    }
    return -1;
  };
  QVERIFY(
      shown->setData(shown->index(rowOf("retention.ms"), TopicConfigModel::ValueColumn), "120000"));
  dialog.view()->setCurrentIndex(
      shown->index(rowOf("cleanup.policy"), TopicConfigModel::NameColumn));
  dialog.findChild<QPushButton*>("resetConfig")->click();
  QVERIFY(apply->isEnabled());
  apply->click();
  QCOMPARE(client.alters.size(), 1);
  QCOMPARE(client.alters[0].first, QStringLiteral("orders"));
  QCOMPARE(client.alters[0].second,
           (QList<TopicConfigChange>{reset("cleanup.policy"), set("retention.ms", "120000")}));
  QVERIFY(!apply->isEnabled());  // no second send while the first is in flight
  apply->click();
  QCOMPARE(client.alters.size(), 1);

  emit client.topicConfigsAltered(client.lastId(), {});
  QCOMPARE(altered.size(), 1);
  QVERIFY(altered[0][1].value<KafkaError>().name.isEmpty());
  QCOMPARE(altered[0][2].toInt(), 2);
  QCOMPARE(dialog.banner()->kind(), MessageBanner::Kind::Info);
  QVERIFY(!dialog.model()->hasChanges());
  QCOMPARE(client.describes.size(), 2);  // re-read after success
  QList<TopicConfigEntry> after = sampleConfigs();
  after[0].value = "120000";
  after[1] = {"cleanup.policy", "delete", true, ConfigSource::Default, false, false};
  emit client.topicConfigsRead(client.lastId(), {"orders", {}, after});
  QCOMPARE(shown->index(rowOf("cleanup.policy"), TopicConfigModel::SourceColumn).data().toString(),
           QStringLiteral("default"));
  QCOMPARE(shown->index(rowOf("retention.ms"), TopicConfigModel::ValueColumn).data().toString(),
           QStringLiteral("120000"));
}

void TestTopicConfigEditor::dialogShowsBrokerErrorAndKeepsEdits() {
  FakeConfigClient client;
  TopicConfigDialog dialog(&client, "orders");
  QSignalSpy altered(&dialog, &TopicConfigDialog::altered);
  emit client.topicConfigsRead(client.lastId(), {"orders", {}, sampleConfigs()});
  TopicConfigModel* model = dialog.model();
  QVERIFY(model->setData(model->index(model->rowOf("retention.ms"), TopicConfigModel::ValueColumn),
                         "soon"));
  dialog.apply();
  QCOMPARE(client.alters.size(), 1);
  QCOMPARE(client.alters[0].second, (QList<TopicConfigChange>{set("retention.ms", "soon")}));
  emit client.topicConfigsAltered(
      client.lastId(), {"INVALID_CONFIG", "Invalid value soon for configuration retention.ms"});
  QCOMPARE(altered.size(), 1);
  QCOMPARE(altered[0][1].value<KafkaError>().name, QStringLiteral("INVALID_CONFIG"));
  QCOMPARE(dialog.banner()->kind(), MessageBanner::Kind::Error);
  QVERIFY2(dialog.banner()->text().contains("INVALID_CONFIG"), qPrintable(dialog.banner()->text()));
  QVERIFY(dialog.banner()->text().contains("retention.ms"));
  QVERIFY(dialog.banner()->text().contains("does not accept"));  // the hint
  QCOMPARE(model->changes(), (QList<TopicConfigChange>{set("retention.ms", "soon")}));
  QCOMPARE(client.describes.size(), 1);  // no re-read after a failure
  // An answer to someone else's request changes nothing.
  emit client.topicConfigsAltered(999, {});
  QCOMPARE(altered.size(), 1);
}

QTEST_MAIN(TestTopicConfigEditor)
#include "tst_topic_config_editor.moc"
