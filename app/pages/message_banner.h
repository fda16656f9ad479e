#pragma once
// MessageBanner: an inline strip above a page's content for errors and warnings (the broker's
// error name, what happened, a hint), instead of a modal dialog. Hidden until shown; the user can
// dismiss it.
//
// Thread: GUI thread.

#include <QFrame>

class QLabel;
class QToolButton;

namespace pier {

class MessageBanner : public QFrame {
  Q_OBJECT

 public:
  enum class Kind { Error, Warning, Info };

  explicit MessageBanner(QWidget* parent = nullptr);

  void showMessage(Kind kind, const QString& text);
  QString text() const;
  Kind kind() const { return m_kind; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  QLabel* m_text = nullptr;
  QToolButton* m_close = nullptr;
  Kind m_kind = Kind::Info;
};

}  // namespace pier
