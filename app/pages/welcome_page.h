#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace pier {

// WelcomePage is shown in place of the cluster pages while Pier is not connected. It offers the
// two ways in: connecting to a cluster, or opening a local file (e.g. a Kafka log segment) in the
// hex viewer.
//
// Thread: GUI thread only. Ownership: a normal QWidget child of its parent.
class WelcomePage : public QWidget {
  Q_OBJECT

 public:
  explicit WelcomePage(QWidget* parent = nullptr);

 signals:
  void connectRequested();
  void openFileRequested();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();

  QLabel* m_icon = nullptr;
  QLabel* m_heading = nullptr;
  QLabel* m_connection = nullptr;
  QLabel* m_hint = nullptr;
  QPushButton* m_connectButton = nullptr;
  QPushButton* m_openButton = nullptr;
};

}  // namespace pier
