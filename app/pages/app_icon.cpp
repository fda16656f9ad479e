#include "pages/app_icon.h"

#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

// Q_INIT_RESOURCE must be used outside any namespace.
static void registerAppQrc() { Q_INIT_RESOURCE(app); }

namespace pier {

void initAppResources() {
  static const bool kRegistered = [] {
    registerAppQrc();
    return true;
  }();
  Q_UNUSED(kRegistered)
}

QIcon appIcon() {
  initAppResources();
  QSvgRenderer renderer(QStringLiteral(":/icons/pier.svg"));
  if (!renderer.isValid()) {
    return {};
  }
  QIcon icon;
  for (const int side : {16, 22, 24, 32, 48, 64, 128, 256}) {
    QPixmap pixmap(side, side);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    renderer.render(&painter);
    painter.end();
    icon.addPixmap(pixmap);
  }
  return icon;
}

}  // namespace pier
