/* Analysis test fixtures shared by the unit tests. */
#ifndef ER_ANALYSIS_FIXTURE_H
#define ER_ANALYSIS_FIXTURE_H

#include "erready/catalog.h"

/* A catalog from "Name[@region]=p1,p2;Name2=p3" (the tag's systemService is its name). */
er_catalog *tu_catalog(const char *spec);

#endif
