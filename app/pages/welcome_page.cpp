#include "pages/welcome_page.h"

#include "pages/app_icon.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace pier {

namespace {

// Sizes follow the font, so the page scales with the user's font and DPI settings.
constexpr int kIconLines = 5;
constexpr int kTextWidthChars = 60;

}  // namespace

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent) {
  m_icon = new QLabel(this);
  const int iconSide = fontMetrics().height() * kIconLines;
  m_icon->setPixmap(appIcon().pixmap(iconSide, iconSide));
  m_icon->setAlignment(Qt::AlignCenter);

  m_heading = new QLabel(this);
  m_heading->setObjectName(QStringLiteral("welcomeHeading"));
  QFont headingFont = font();
  headingFont.setPointSizeF(headingFont.pointSizeF() * 1.6);
  headingFont.setBold(true);
  m_heading->setFont(headingFont);
  m_heading->setAlignment(Qt::AlignCenter);

  m_connection = new QLabel(this);
  m_connection->setObjectName(QStringLiteral("welcomeConnection"));
  m_hint = new QLabel(this);
  m_hint->setObjectName(QStringLiteral("welcomeHint"));
  for (QLabel* label : {m_connection, m_hint}) {
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignCenter);
  }

  m_connectButton = new QPushButton(this);
  m_connectButton->setObjectName(QStringLiteral("welcomeConnect"));
  m_connectButton->setDefault(true);
  connect(m_connectButton, &QPushButton::clicked, this, &WelcomePage::connectRequested);
  m_openButton = new QPushButton(this);
  m_openButton->setObjectName(QStringLiteral("welcomeOpenFile"));
  connect(m_openButton, &QPushButton::clicked, this, &WelcomePage::openFileRequested);

  // The wrapped labels fill a column of readable width; giving them the column's full width
  // (no per-item alignment) lets the layout use their height-for-width, so no line is clipped.
  auto* column = new QWidget(this);
  column->setMaximumWidth(fontMetrics().averageCharWidth() * kTextWidthChars);
  auto* columnLayout = new QVBoxLayout(column);
  columnLayout->setContentsMargins(0, 0, 0, 0);
  columnLayout->addWidget(m_icon);
  columnLayout->addWidget(m_heading);
  columnLayout->addWidget(m_connection);
  columnLayout->addWidget(m_hint);
  columnLayout->addSpacing(fontMetrics().height());
  auto* buttons = new QHBoxLayout;
  buttons->addStretch(1);
  buttons->addWidget(m_connectButton);
  buttons->addWidget(m_openButton);
  buttons->addStretch(1);
  columnLayout->addLayout(buttons);

  auto* row = new QHBoxLayout;
  row->addStretch(1);
  row->addWidget(column, 4);
  row->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->addStretch(1);
  layout->addLayout(row);
  layout->addStretch(2);

  retranslate();
}

void WelcomePage::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::LanguageChange) {
    retranslate();
  }
}

void WelcomePage::retranslate() {
  m_heading->setText(tr("Welcome to Pier"));
  m_connection->setText(
      tr("Pier is not connected to a cluster. Connect to any Kafka or Pier cluster by its "
         "bootstrap servers to see its brokers, topics and partitions."));
  m_hint->setText(
      tr("You can also inspect the bytes of any local file read-only, for example a Kafka "
         "log segment such as 00000000000000000000.log."));
  m_connectButton->setText(tr("Connect…"));
  m_openButton->setText(tr("Open File…"));
}

}  // namespace pier
