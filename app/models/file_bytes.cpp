#include "models/file_bytes.h"

#include <QFileInfo>

namespace pier {

FileBytes::~FileBytes() { close(); }

bool FileBytes::open(const QString& path) {
  close();
  m_errorString.clear();
  const QFileInfo info(path);
  if (!info.exists()) {
    return fail(tr("%1 does not exist.").arg(path));
  }
  if (!info.isFile()) {
    return fail(tr("%1 is not a regular file.").arg(path));
  }
  m_file.setFileName(path);
  if (!m_file.open(QIODevice::ReadOnly)) {
    return fail(tr("Cannot open %1: %2").arg(path, m_file.errorString()));
  }
  const qint64 fileSize = m_file.size();
  if (fileSize == 0) {
    return true;
  }
  m_map = m_file.map(0, fileSize);
  if (m_map != nullptr) {
    m_bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(m_map), fileSize);
    return true;
  }
  // Some file systems cannot map; a small file is cheap enough to read instead.
  if (fileSize > kReadFallbackBytesMax) {
    return fail(tr("Cannot map %1 into memory: %2").arg(path, m_file.errorString()));
  }
  m_bytes = m_file.readAll();
  if (m_bytes.size() != fileSize) {
    return fail(tr("Cannot read %1: %2").arg(path, m_file.errorString()));
  }
  return true;
}

void FileBytes::close() {
  m_bytes.clear();
  if (m_map != nullptr) {
    m_file.unmap(m_map);
    m_map = nullptr;
  }
  m_file.close();
}

bool FileBytes::fail(const QString& message) {
  close();
  m_errorString = message;
  return false;
}

}  // namespace pier
