#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace pier {

// WelcomePage is the central page shown when nothing is open. It says plainly that Pier is not
// connected to a cluster (this version has no cluster backend yet) and offers what does work:
// opening a local file, e.g. a Kafka log segment, in the hex viewer.
//
// Thread: GUI thread only. Ownership: a normal QWidget child of its parent.
class WelcomePage : public QWidget {
  Q_OBJECT

 public:
  explicit WelcomePage(QWidget* parent = nullptr);

 signals:
  void openFileRequested();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();

  QLabel* m_icon = nullptr;
  QLabel* m_heading = nullptr;
  QLabel* m_connection = nullptr;
  QLabel* m_hint = nullptr;
  QPushButton* m_openButton = nullptr;
};

}  // namespace pier
