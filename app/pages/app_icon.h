#pragma once

#include <QIcon>

namespace pier {

// The Pier application icon (resources/icons/pier.svg), rendered with Qt Svg at the usual icon
// sizes so it does not depend on an icon-engine plugin being installed.
// Thread: GUI thread (needs a QGuiApplication). Returns a value; caches nothing.
QIcon appIcon();

// Registers resources/app.qrc, which lives in the static pier_app_lib and so is not registered
// by a static initializer. Safe to call more than once.
void initAppResources();

}  // namespace pier
