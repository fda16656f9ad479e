#pragma once
// The warning colours every table uses for partition health, so an under-replicated or offline
// row looks the same on every page. Light backgrounds; the text keeps the palette's colour.

#include <QBrush>
#include <QColor>

namespace pier {

inline QBrush underReplicatedBrush() { return QColor(0xff, 0xe0, 0x8a); }  // amber
inline QBrush offlineBrush() { return QColor(0xf4, 0xb0, 0xa8); }          // red

}  // namespace pier
