#ifndef RESMAP_VERSION_H
#define RESMAP_VERSION_H
#define RESMAP_VERSION "0.1.0"
#endif
