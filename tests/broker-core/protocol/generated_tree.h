#pragma once
// For the codegen freshness tests: compare a freshly generated folder with the committed one,
// file by file (every file present on both sides, byte for byte).
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QtTest>

namespace pier::testing {

inline QStringList relativeFiles(const QString& root) {
  QStringList out;
  QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
  while (it.hasNext()) out << QDir(root).relativeFilePath(it.next());
  out.sort();
  return out;
}

inline QByteArray fileContents(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return QByteArray("<unreadable>");
  return f.readAll();
}

// QVERIFYs that `fresh` and `committed` hold the same files with the same bytes; `howToRegenerate`
// goes into the failure message.
inline void verifySameTree(const QString& fresh, const QString& committed, const QString& howToRegenerate) {
  const QStringList freshFiles = relativeFiles(fresh);
  const QStringList committedFiles = relativeFiles(committed);
  for (const QString& f : freshFiles) {
    QVERIFY2(committedFiles.contains(f), qPrintable("missing from the committed output: " + f));
  }
  for (const QString& f : committedFiles) {
    QVERIFY2(freshFiles.contains(f), qPrintable("stale generated file (not produced any more): " + f));
    QVERIFY2(fileContents(QDir(fresh).filePath(f)) == fileContents(QDir(committed).filePath(f)),
             qPrintable("differs from a fresh generation: " + f + " (" + howToRegenerate + ")"));
  }
}

}  // namespace pier::testing
