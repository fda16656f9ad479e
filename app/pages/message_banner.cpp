#include "pages/message_banner.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace pier {

MessageBanner::MessageBanner(QWidget* parent) : QFrame(parent) {
  setFrameShape(QFrame::StyledPanel);
  setAutoFillBackground(true);
  m_text = new QLabel(this);
  m_text->setObjectName(QStringLiteral("bannerText"));
  m_text->setWordWrap(true);
  m_text->setTextFormat(Qt::PlainText);  // broker messages may contain '<'
  m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_close = new QToolButton(this);
  m_close->setAutoRaise(true);
  m_close->setText(QStringLiteral("✕"));
  connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
  auto* layout = new QHBoxLayout(this);
  layout->addWidget(m_text, 1);
  layout->addWidget(m_close, 0, Qt::AlignTop);
  m_close->setToolTip(tr("Dismiss"));
  hide();
}

void MessageBanner::showMessage(Kind kind, const QString& text) {
  m_kind = kind;
  QPalette p = palette();
  switch (kind) {
    case Kind::Error: p.setColor(QPalette::Window, QColor(0xf8, 0xd0, 0xcb)); break;
    case Kind::Warning: p.setColor(QPalette::Window, QColor(0xff, 0xec, 0xb3)); break;
    case Kind::Info: p.setColor(QPalette::Window, QColor(0xd6, 0xe8, 0xf8)); break;
  }
  p.setColor(QPalette::WindowText, Qt::black);
  setPalette(p);
  m_text->setText(text);
  show();
}

QString MessageBanner::text() const { return m_text->text(); }

void MessageBanner::changeEvent(QEvent* event) {
  QFrame::changeEvent(event);
  if (event->type() == QEvent::LanguageChange) {
    m_close->setToolTip(tr("Dismiss"));
  }
}

}  // namespace pier
