#pragma once
// Reads the reference files in testdata/ (made by real Java and ZooKeeper 3.8 classes, see
// testdata/regenerate.sh) for the coordination tests. Test-only; aborts the test on a missing
// or malformed file rather than letting a table come out empty.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

namespace pier::coordination::testing {

inline QJsonObject readReference(const QString& name) {
  QFile file(QStringLiteral(PIER_COORDINATION_TESTDATA) + "/" + name);
  if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read testdata/%s", qPrintable(name));
  QJsonParseError error;
  const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
  if (doc.isNull() || !doc.isObject()) qFatal("testdata/%s: %s", qPrintable(name), qPrintable(error.errorString()));
  return doc.object();
}

}  // namespace pier::coordination::testing
