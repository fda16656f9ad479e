#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QFile>
#include <QString>

namespace pier {

// FileBytes gives read-only access to the bytes of one local file, for the hex viewer. Regular
// files are memory-mapped, so opening a multi-gigabyte segment costs no reading up front and the
// pages the viewer paints are faulted in on demand; small files that cannot be mapped are read.
// Devices, pipes and directories are refused (reading them could block or never end).
//
// Thread: owned and used by one thread (the GUI thread in pier).
// Ownership: owns the open QFile and its mapping. bytes() wraps that mapping without copying,
// so the returned QByteArray (and every copy of it) must not be used after this object is
// destroyed or open()/close() is called again.
class FileBytes {
  Q_DECLARE_TR_FUNCTIONS(pier::FileBytes)

 public:
  // Files that cannot be mapped are read into memory only up to this size.
  static constexpr qint64 kReadFallbackBytesMax = 16 * 1024 * 1024;

  FileBytes() = default;
  ~FileBytes();
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  // Opens `path` read-only. On failure returns false and errorString() says why (translated).
  bool open(const QString& path);
  void close();

  bool isOpen() const { return m_file.isOpen(); }
  QString filePath() const { return m_file.fileName(); }
  QByteArray bytes() const { return m_bytes; }
  qint64 size() const { return m_bytes.size(); }
  bool isMapped() const { return m_map != nullptr; }
  QString errorString() const { return m_errorString; }

 private:
  bool fail(const QString& message);

  QFile m_file;
  uchar* m_map = nullptr;  // owned by m_file, released by QFile::unmap/close
  QByteArray m_bytes;
  QString m_errorString;
};

}  // namespace pier
